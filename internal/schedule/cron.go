package schedule

import (
	"strings"
	"time"
)

// cronSpec is a parsed cron(): the minutes, hours and months it fires in,
// its years and its two day fields, of which one is '?'.
type cronSpec struct {
	minutes, hours []int
	months         []bool // indexed by month, 1 to 12
	years          field
	dom            dayOfMonth
	dow            dayOfWeek
}

// parseCron reads the six fields, separated by single spaces.
func parseCron(s string) (*cronSpec, error) {
	parts := strings.Split(s, " ")
	if len(parts) != 6 {
		return nil, invalid("cron(%s) does not have six fields", s)
	}
	c := &cronSpec{months: make([]bool, 13)}
	fields := []struct {
		text string
		b    bounds
		into func(field)
	}{
		{parts[0], minuteBounds, func(f field) { c.minutes = f.values() }},
		{parts[1], hourBounds, func(f field) { c.hours = f.values() }},
		{parts[3], monthBounds, func(f field) {
			for _, m := range f.values() {
				c.months[m] = true
			}
		}},
		{parts[5], yearBounds, func(f field) { c.years = f }},
	}
	for _, fd := range fields {
		f, err := parseField(fd.text, fd.b)
		if err != nil {
			return nil, err
		}
		fd.into(f)
	}
	return c, c.parseDays(parts[2], parts[4])
}

// parseDays reads the two day fields; exactly one of them must be '?'.
func (c *cronSpec) parseDays(dom, dow string) error {
	var err error
	if c.dom, err = parseDayOfMonth(dom); err != nil {
		return err
	}
	if c.dow, err = parseDayOfWeek(dow); err != nil {
		return err
	}
	if c.dom.any == c.dow.any {
		return invalid("exactly one of day-of-month (%s) and day-of-week (%s) must be ?", dom, dow)
	}
	return nil
}

// dayMatches tells whether the expression fires on a day.
func (c *cronSpec) dayMatches(y int, m time.Month, d int) bool {
	return c.dom.matches(y, m, d) && c.dow.matches(y, m, d)
}

// next is the first time after `after` at which the expression fires,
// read on loc's clocks. Wall-clock times are searched forward from the
// one after `after`'s; one the clocks skip is skipped, and one they show
// twice fires at its first occurrence only.
func (c *cronSpec) next(after time.Time, loc *time.Location) (time.Time, bool) {
	from := after.In(loc)
	y0, m0, d0 := from.Date()
	startMinute := from.Hour()*60 + from.Minute()
	for y := y0; y <= yearBounds.max; y++ {
		if !c.years.has(y) {
			continue
		}
		for m := time.January; m <= time.December; m++ {
			if !c.months[m] || y == y0 && m < m0 {
				continue
			}
			for d := 1; d <= daysIn(y, m); d++ {
				today := y == y0 && m == m0 && d == d0
				if y == y0 && m == m0 && d < d0 || !c.dayMatches(y, m, d) {
					continue
				}
				if t, ok := c.onDay(y, m, d, today, startMinute, after, loc); ok {
					return t, true
				}
			}
		}
	}
	return time.Time{}, false
}

// onDay is the first firing on one day after `after`; on the day `after`
// falls on, only minutes past startMinute count.
func (c *cronSpec) onDay(y int, m time.Month, d int, today bool, startMinute int, after time.Time, loc *time.Location) (time.Time, bool) {
	for _, h := range c.hours {
		for _, mi := range c.minutes {
			if today && h*60+mi <= startMinute {
				continue
			}
			if t, ok := (wall{y, m, d, h, mi, 0}).instant(loc); ok && t.After(after) {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
