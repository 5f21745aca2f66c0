package schedule

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// rateUnits are the units rate() takes and whether each is plural.
var rateUnits = map[string]struct {
	size   time.Duration
	plural bool
}{
	"minute": {time.Minute, false}, "minutes": {time.Minute, true},
	"hour": {time.Hour, false}, "hours": {time.Hour, true},
	"day": {24 * time.Hour, false}, "days": {24 * time.Hour, true},
}

// parseRate reads "value unit": a positive integer, one space and a unit.
// Rules want the singular for 1 and the plural otherwise; Scheduler takes
// either.
func parseRate(s string, d Dialect) (time.Duration, error) {
	value, unit, ok := strings.Cut(s, " ")
	u, known := rateUnits[unit]
	if !ok || !known || !digits(value) {
		return 0, invalid("rate(%s) is not rate(value unit)", s)
	}
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil || n < 1 || n > math.MaxInt64/int64(u.size) {
		return 0, invalid("rate value %s is out of range", value)
	}
	if d == Rules && u.plural != (n != 1) {
		return 0, invalid("rate(%s): the unit must be singular for 1 and plural otherwise", s)
	}
	return time.Duration(n) * u.size, nil
}

// digits tells a non-empty string of ASCII digits.
func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
