package schedule

import (
	"strconv"
	"strings"
	"time"
)

// dayOfMonth is the day-of-month field: '?', a list, 'L' (the last day),
// "LW" (the last weekday) or "nW" (the weekday nearest the n-th).
type dayOfMonth struct {
	any, last, lastWeekday bool
	nearest                int
	days                   field
}

func parseDayOfMonth(s string) (dayOfMonth, error) {
	switch {
	case s == "?":
		return dayOfMonth{any: true}, nil
	case s == "L":
		return dayOfMonth{last: true}, nil
	case s == "LW":
		return dayOfMonth{lastWeekday: true}, nil
	case strings.HasSuffix(s, "W"):
		n, err := domBounds.value(strings.TrimSuffix(s, "W"))
		if err != nil {
			return dayOfMonth{}, err
		}
		return dayOfMonth{nearest: n}, nil
	}
	f, err := parseField(s, domBounds)
	return dayOfMonth{days: f}, err
}

func (f dayOfMonth) matches(y int, m time.Month, d int) bool {
	last := daysIn(y, m)
	switch {
	case f.any:
		return true
	case f.last:
		return d == last
	case f.lastWeekday:
		return d == nearestWeekday(y, m, last)
	case f.nearest > 0:
		return f.nearest <= last && d == nearestWeekday(y, m, f.nearest)
	}
	return f.days.has(d)
}

// nearestWeekday is the Monday-to-Friday day nearest day n of the month,
// never leaving the month: a Saturday the 1st gives Monday the 3rd, a
// Sunday the last gives the Friday before.
func nearestWeekday(y int, m time.Month, n int) int {
	switch time.Date(y, m, n, 0, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday:
		if n == 1 {
			return 3
		}
		return n - 1
	case time.Sunday:
		if n == daysIn(y, m) {
			return n - 2
		}
		return n + 1
	}
	return n
}

// dayOfWeek is the day-of-week field (1 is Sunday): '?', a list, 'L'
// (Saturday), "nL" (the month's last such day) or "n#k" (its k-th).
type dayOfWeek struct {
	any      bool
	lastOf   int
	nthDay   int
	nth      int
	weekdays field
}

func parseDayOfWeek(s string) (dayOfWeek, error) {
	switch day, k, hash := strings.Cut(s, "#"); {
	case s == "?":
		return dayOfWeek{any: true}, nil
	case s == "L":
		return dayOfWeek{weekdays: field{spans: []span{{lo: 7, hi: 7, step: 1}}, b: dowBounds}}, nil
	case hash:
		n, err := dowBounds.value(day)
		nth, kerr := strconv.Atoi(k)
		if err != nil || kerr != nil || !digits(k) || nth < 1 || nth > 5 {
			return dayOfWeek{}, invalid("%q is not day#n with n from 1 to 5", s)
		}
		return dayOfWeek{nthDay: n, nth: nth}, nil
	case strings.HasSuffix(s, "L"):
		n, err := dowBounds.value(strings.TrimSuffix(s, "L"))
		return dayOfWeek{lastOf: n}, err
	}
	f, err := parseField(s, dowBounds)
	return dayOfWeek{weekdays: f}, err
}

func (f dayOfWeek) matches(y int, m time.Month, d int) bool {
	w := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Weekday()) + 1
	switch {
	case f.any:
		return true
	case f.lastOf > 0:
		return w == f.lastOf && d+7 > daysIn(y, m)
	case f.nth > 0:
		return w == f.nthDay && (d-1)/7+1 == f.nth
	}
	return f.weekdays.has(w)
}

// daysIn is the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
