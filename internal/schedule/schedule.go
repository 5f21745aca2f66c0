package schedule

import (
	"encoding/json"
	"time"
)

// Spec is a schedule as it is stored: its expression, the zone it is read
// in and the bounds it fires within.
type Spec struct {
	Expression string `json:"expression"`
	// Timezone is an IANA zone; empty is UTC.
	Timezone string `json:"timezone,omitempty"`
	// Start and End bound a recurring schedule (zero: unbounded); a
	// one-time schedule ignores them, as on AWS.
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
	// Anchor is when a rate's count begins: its Start, or when it was
	// made. rate(5 minutes) fires at Anchor, Anchor+5m, and so on.
	Anchor time.Time `json:"anchor,omitzero"`
	// Minute, when set, is how long a minute of rate() lasts: tests
	// shorten it to see rate(1 minute) fire within seconds. It is not
	// stored; cron() and at() read the wall clock and are not scaled.
	Minute time.Duration `json:"-"`
}

// String renders the spec for logs.
func (s Spec) String() string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Next is the first time after `after` at which the schedule fires; ok is
// false when it fires no more.
func (s Spec) Next(after time.Time) (t time.Time, ok bool, err error) {
	e, err := Parse(s.Expression, Scheduler)
	if err != nil {
		return time.Time{}, false, err
	}
	loc := time.UTC
	if s.Timezone != "" {
		if loc, err = LoadLocation(s.Timezone); err != nil {
			return time.Time{}, false, err
		}
	}
	t, ok = s.next(e, after, loc)
	return t, ok, nil
}

func (s Spec) next(e Expression, after time.Time, loc *time.Location) (time.Time, bool) {
	if e.at != nil {
		t := e.at.firstOnOrAfter(loc)
		return t, t.After(after)
	}
	if !s.Start.IsZero() && after.Before(s.Start) {
		after = s.Start.Add(-time.Nanosecond)
	}
	var t time.Time
	var ok bool
	if e.cron != nil {
		t, ok = e.cron.next(after, loc)
	} else {
		t, ok = nextRate(s.anchor(), s.scaled(e.every), after), true
	}
	if !ok || !s.End.IsZero() && t.After(s.End) {
		return time.Time{}, false
	}
	return t, true
}

func (s Spec) anchor() time.Time {
	if !s.Start.IsZero() {
		return s.Start
	}
	return s.Anchor
}

// scaled is a rate's period with Minute as its minute.
func (s Spec) scaled(every time.Duration) time.Duration {
	if s.Minute <= 0 || s.Minute == time.Minute {
		return every
	}
	return max(time.Duration(float64(every)/float64(time.Minute)*float64(s.Minute)), time.Millisecond)
}

// nextRate is the first anchor + k·every after `after`, k ≥ 0.
func nextRate(anchor time.Time, every time.Duration, after time.Time) time.Time {
	if after.Before(anchor) {
		return anchor
	}
	k := after.Sub(anchor)/every + 1
	return anchor.Add(k * every)
}
