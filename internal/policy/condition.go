package policy

import (
	"bytes"
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// holds reports whether a condition holds for a request's context, whose
// keys are lower case. Within a condition, several values are alternatives.
func (c Condition) holds(ctx map[string][]string, variables bool) bool {
	op, err := parseOperator(c.Operator)
	if err != nil {
		return false // Parse refuses these; a hand-made Condition fails closed
	}
	got, present := ctx[strings.ToLower(c.Key)]
	if op.base == "Null" {
		want := len(c.Values) > 0 && strings.EqualFold(c.Values[0], "true")
		return want == !present
	}
	want := c.Values
	if variables {
		want = expandAll(want, ctx)
	}
	switch {
	case !present && op.ifExists:
		return true
	case op.set == "ForAllValues":
		return allMatch(op, got, want)
	case !present && op.set == "":
		return op.negated
	}
	return anyMatches(op, got, want)
}

// allMatch: every value of the request's set passes (an empty set passes).
func allMatch(op operator, got, want []string) bool {
	for _, g := range got {
		if matchesAny(op.base, g, want) == op.negated {
			return false
		}
	}
	return true
}

// anyMatches: some value of the request passes; for a negated operator
// without a set prefix, no value may match.
func anyMatches(op operator, got, want []string) bool {
	if op.negated && op.set == "" {
		for _, g := range got {
			if matchesAny(op.base, g, want) {
				return false
			}
		}
		return true
	}
	for _, g := range got {
		if matchesAny(op.base, g, want) != op.negated {
			return true
		}
	}
	return false
}

func matchesAny(base, got string, want []string) bool {
	compare := comparisons[base]
	for _, w := range want {
		if compare(got, w) {
			return true
		}
	}
	return false
}

// comparisons are the positive base operators: whether the request's value
// got passes against the policy's value want.
var comparisons = map[string]func(got, want string) bool{
	"StringEquals":             func(g, w string) bool { return g == w },
	"StringEqualsIgnoreCase":   strings.EqualFold,
	"StringLike":               func(g, w string) bool { return glob(w, g) },
	"NumericEquals":            numeric(func(g, w float64) bool { return g == w }),
	"NumericLessThan":          numeric(func(g, w float64) bool { return g < w }),
	"NumericLessThanEquals":    numeric(func(g, w float64) bool { return g <= w }),
	"NumericGreaterThan":       numeric(func(g, w float64) bool { return g > w }),
	"NumericGreaterThanEquals": numeric(func(g, w float64) bool { return g >= w }),
	"DateEquals":               date(func(g, w time.Time) bool { return g.Equal(w) }),
	"DateLessThan":             date(func(g, w time.Time) bool { return g.Before(w) }),
	"DateLessThanEquals":       date(func(g, w time.Time) bool { return !g.After(w) }),
	"DateGreaterThan":          date(func(g, w time.Time) bool { return g.After(w) }),
	"DateGreaterThanEquals":    date(func(g, w time.Time) bool { return !g.Before(w) }),
	"Bool":                     func(g, w string) bool { return strings.EqualFold(g, w) },
	"BinaryEquals":             binaryEquals,
	"IpAddress":                ipInRange,
	"ArnEquals":                func(g, w string) bool { return arnMatches(w, g) },
	"ArnLike":                  func(g, w string) bool { return arnMatches(w, g) },
}

func numeric(cmp func(got, want float64) bool) func(string, string) bool {
	return func(g, w string) bool {
		gv, err1 := strconv.ParseFloat(g, 64)
		wv, err2 := strconv.ParseFloat(w, 64)
		return err1 == nil && err2 == nil && cmp(gv, wv)
	}
}

func date(cmp func(got, want time.Time) bool) func(string, string) bool {
	return func(g, w string) bool {
		gt, ok1 := parseDate(g)
		wt, ok2 := parseDate(w)
		return ok1 && ok2 && cmp(gt, wt)
	}
}

// parseDate reads the dates IAM accepts: ISO 8601 with or without a time,
// or seconds since the epoch.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	return time.Time{}, false
}

func binaryEquals(got, want string) bool {
	g, err1 := base64.StdEncoding.DecodeString(got)
	w, err2 := base64.StdEncoding.DecodeString(want)
	return err1 == nil && err2 == nil && bytes.Equal(g, w)
}

// ipInRange reports whether the address got lies in want, a CIDR block or
// a single address.
func ipInRange(got, want string) bool {
	addr, err := netip.ParseAddr(got)
	if err != nil {
		return false
	}
	if p, err := netip.ParsePrefix(want); err == nil {
		return p.Contains(addr.Unmap())
	}
	w, err := netip.ParseAddr(want)
	return err == nil && w.Unmap() == addr.Unmap()
}
