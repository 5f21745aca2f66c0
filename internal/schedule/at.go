package schedule

import "time"

// wall is a time on a wall clock, in no particular zone.
type wall struct {
	year              int
	month             time.Month
	day, hour, minute int
	second            int
}

// parseAt reads at()'s "yyyy-mm-ddThh:mm:ss", without a zone or fraction.
func parseAt(s string) (*wall, error) {
	t, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil || len(s) != len("2006-01-02T15:04:05") {
		return nil, invalid("at(%s) is not at(yyyy-mm-ddThh:mm:ss)", s)
	}
	return &wall{t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second()}, nil
}

// instant is w read in loc. A wall time that happens twice is its first
// occurrence; one that does not happen, because the clocks spring
// forward, is reported as not found.
func (w wall) instant(loc *time.Location) (time.Time, bool) {
	asUTC := time.Date(w.year, w.month, w.day, w.hour, w.minute, w.second, 0, time.UTC)
	guess := time.Date(w.year, w.month, w.day, w.hour, w.minute, w.second, 0, loc)
	var best time.Time
	found := false
	for _, probe := range []time.Duration{-26 * time.Hour, -2 * time.Hour, 0, 2 * time.Hour, 26 * time.Hour} {
		_, offset := guess.Add(probe).Zone()
		t := asUTC.Add(-time.Duration(offset) * time.Second)
		if w.is(t.In(loc)) && (!found || t.Before(best)) {
			best, found = t, true
		}
	}
	return best, found
}

// is tells whether t shows w on its clock.
func (w wall) is(t time.Time) bool {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return y == w.year && m == w.month && d == w.day && h == w.hour && mi == w.minute && s == w.second
}

// firstOnOrAfter is the instant of a one-time wall time; one that falls
// in a spring-forward gap fires when the clocks have moved past it.
func (w wall) firstOnOrAfter(loc *time.Location) time.Time {
	if t, ok := w.instant(loc); ok {
		return t
	}
	return time.Date(w.year, w.month, w.day, w.hour, w.minute, w.second, 0, loc)
}
