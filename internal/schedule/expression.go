package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // zone data for hosts without /usr/share/zoneinfo
)

// Dialect is which service's expressions are read.
type Dialect int

const (
	// Rules are EventBridge rules: rate() with a unit that agrees with its
	// value, and cron().
	Rules Dialect = iota
	// Scheduler is EventBridge Scheduler: at(), rate() and cron().
	Scheduler
)

// ErrInvalid is the error every malformed expression wraps.
var ErrInvalid = errors.New("invalid schedule expression")

// Expression is a parsed schedule expression: exactly one of a rate, a
// cron specification and a one-time wall-clock time.
type Expression struct {
	text  string
	every time.Duration
	cron  *cronSpec
	at    *wall
}

// Parse reads s in the given dialect.
func Parse(s string, d Dialect) (Expression, error) {
	e := Expression{text: s}
	var err error
	switch {
	case enclosed(s, "rate"):
		e.every, err = parseRate(inner(s, "rate"), d)
	case enclosed(s, "cron"):
		e.cron, err = parseCron(inner(s, "cron"))
	case enclosed(s, "at") && d == Scheduler:
		e.at, err = parseAt(inner(s, "at"))
	default:
		err = invalid("%q is neither rate(), cron() nor, for Scheduler, at()", s)
	}
	if err != nil {
		return Expression{}, err
	}
	return e, nil
}

func enclosed(s, name string) bool {
	return strings.HasPrefix(s, name+"(") && strings.HasSuffix(s, ")")
}

func inner(s, name string) string { return s[len(name)+1 : len(s)-1] }

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// String is the expression as it was written.
func (e Expression) String() string { return e.text }

// OneTime tells an at() expression, which fires once.
func (e Expression) OneTime() bool { return e.at != nil }

// LoadLocation is the IANA time zone called name; "" and "Local", which
// would depend on the host, are refused.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return time.LoadLocation(name)
}
