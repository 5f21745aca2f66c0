package schedule

import (
	"errors"
	"testing"
	"time"
)

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// firings lists the next n times a spec fires after `after`, in UTC.
func firings(t *testing.T, s Spec, after time.Time, n int) []string {
	t.Helper()
	var out []string
	for range n {
		next, ok, err := s.Next(after)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		out = append(out, next.UTC().Format(time.RFC3339))
		after = next
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestAWSExamples runs the examples of AWS's cron documentation for
// EventBridge rules and Scheduler, from Wednesday 2026-01-07 09:00 UTC.
func TestAWSExamples(t *testing.T) {
	start := "2026-01-07T09:00:00Z" // a Wednesday
	for _, tc := range []struct {
		expr string
		want []string
	}{
		{"cron(0 10 * * ? *)", []string{"2026-01-07T10:00:00Z", "2026-01-08T10:00:00Z"}},
		{"cron(15 12 * * ? *)", []string{"2026-01-07T12:15:00Z", "2026-01-08T12:15:00Z"}},
		{"cron(0 18 ? * MON-FRI *)", []string{"2026-01-07T18:00:00Z", "2026-01-08T18:00:00Z", "2026-01-09T18:00:00Z", "2026-01-12T18:00:00Z"}},
		{"cron(0 8 1 * ? *)", []string{"2026-02-01T08:00:00Z", "2026-03-01T08:00:00Z"}},
		{"cron(0/15 * * * ? *)", []string{"2026-01-07T09:15:00Z", "2026-01-07T09:30:00Z", "2026-01-07T09:45:00Z", "2026-01-07T10:00:00Z"}},
		{"cron(0/10 * ? * MON-FRI *)", []string{"2026-01-07T09:10:00Z", "2026-01-07T09:20:00Z"}},
		{"cron(0/5 8-17 ? * MON-FRI *)", []string{"2026-01-07T09:05:00Z", "2026-01-07T09:10:00Z"}},
		{"cron(0/30 20-23 ? * MON-FRI *)", []string{"2026-01-07T20:00:00Z", "2026-01-07T20:30:00Z", "2026-01-07T21:00:00Z"}},
		{"cron(0/30 0-2 ? * TUE-SAT *)", []string{"2026-01-08T00:00:00Z", "2026-01-08T00:30:00Z"}},
		{"cron(0 9 ? * 2#1 *)", []string{"2026-02-02T09:00:00Z", "2026-03-02T09:00:00Z"}},
		{"cron(0 12 L * ? *)", []string{"2026-01-31T12:00:00Z", "2026-02-28T12:00:00Z", "2026-03-31T12:00:00Z"}},
		{"cron(0 12 ? * 6L *)", []string{"2026-01-30T12:00:00Z", "2026-02-27T12:00:00Z"}},
		{"cron(0 12 ? * L *)", []string{"2026-01-10T12:00:00Z", "2026-01-17T12:00:00Z"}},
		{"cron(0 12 15W * ? *)", []string{"2026-01-15T12:00:00Z", "2026-02-16T12:00:00Z", "2026-03-16T12:00:00Z"}},
		{"cron(0 12 1W * ? *)", []string{"2026-02-02T12:00:00Z", "2026-03-02T12:00:00Z"}},
		{"cron(0 12 LW * ? *)", []string{"2026-01-30T12:00:00Z", "2026-02-27T12:00:00Z", "2026-03-31T12:00:00Z"}},
		{"cron(0 0 29 2 ? *)", []string{"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"}},
		{"cron(0 22-2/2 ? * FRI-MON *)", []string{"2026-01-09T00:00:00Z", "2026-01-09T02:00:00Z", "2026-01-09T22:00:00Z", "2026-01-10T00:00:00Z"}},
		{"cron(30 6 1,15 JAN,jul ? 2026-2027)", []string{"2026-01-15T06:30:00Z", "2026-07-01T06:30:00Z", "2026-07-15T06:30:00Z", "2027-01-01T06:30:00Z"}},
		{"cron(0 0 1 1 ? 2026)", nil},
		{"cron(0 0 31 2 ? *)", nil},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			if _, err := Parse(tc.expr, Rules); err != nil {
				t.Fatal(err)
			}
			got := firings(t, Spec{Expression: tc.expr}, at(t, start), len(tc.want)+btoi(tc.want == nil))
			if !equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestInvalid lists expressions AWS refuses (the first ones recorded
// against AWS's Scheduler), in both dialects.
func TestInvalid(t *testing.T) {
	for _, expr := range []string{
		"cron(0 1 * * * *)", "cron(7 20 * * NOT *)", "cron(INVALID)", "cron(0 dummy ? * MON-FRI *)",
		"cron(71 8 1 * ? *)", "cron()", "rate(10 seconds)", "rate(10 years)", "rate()", "rate(10)",
		"rate(10 minutess)", "rate(foo minutes)", "rate(-10 minutes)", "rate( 10 minutes )", " rate(10 minutes)",
		"at(2021-12-31T23:59:59Z)", "at(2021-12-31)",
		"cron(0 1 ? * ? *)", "cron(0 1 3#2 * ? *)", "cron(0 24 * * ? *)", "cron(0 1 0 * ? *)", "cron(0 1 * 13 ? *)",
		"cron(0 1 ? * 8 *)", "cron(0 1 ? * 2#6 *)", "cron(0 1 * * ? 1969)", "cron(0 1 * * ? *", "cron(0  1 * * ? *)",
		"cron(0 1 * * ? * *)", "cron(0/0 1 * * ? *)", "cron(0 1 32W * ? *)", "cron(0 1 L,5 * ? *)", "cron(0 1 ? * 2#1,3 *)",
		"cron(0 1 * * ? 2030-2026)", "rate(0 minutes)", "rate(99999999999999999999 days)", "rate(1  minute)",
		"cron(+5 1 * * ? *)", "cron(0 1 * * ? */0)", "yearly",
	} {
		for _, d := range []Dialect{Rules, Scheduler} {
			if _, err := Parse(expr, d); !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q, %d) = %v, want an invalid expression", expr, d, err)
			}
		}
	}
}

func TestRateUnits(t *testing.T) {
	for _, tc := range []struct {
		expr             string
		rules, scheduler bool
		every            time.Duration
	}{
		{"rate(1 minute)", true, true, time.Minute},
		{"rate(5 minutes)", true, true, 5 * time.Minute},
		{"rate(1 hour)", true, true, time.Hour},
		{"rate(2 hours)", true, true, 2 * time.Hour},
		{"rate(1 day)", true, true, 24 * time.Hour},
		{"rate(7 days)", true, true, 7 * 24 * time.Hour},
		{"rate(1 minutes)", false, true, time.Minute},
		{"rate(2 minute)", false, true, 2 * time.Minute},
		{"at(2030-01-01T00:00:00)", false, true, 0},
	} {
		e, err := Parse(tc.expr, Rules)
		if (err == nil) != tc.rules {
			t.Errorf("rules: Parse(%q) = %v", tc.expr, err)
		}
		e, err = Parse(tc.expr, Scheduler)
		if (err == nil) != tc.scheduler || e.every != tc.every {
			t.Errorf("scheduler: Parse(%q) = %v, %v", tc.expr, e.every, err)
		}
	}
}

func TestRate(t *testing.T) {
	anchor := at(t, "2026-03-28T12:00:30Z")
	s := Spec{Expression: "rate(5 minutes)", Anchor: anchor}
	want := []string{"2026-03-28T12:00:30Z", "2026-03-28T12:05:30Z", "2026-03-28T12:10:30Z"}
	if got := firings(t, s, anchor.Add(-time.Second), 3); !equal(got, want) {
		t.Errorf("from before the anchor: %v, want %v", got, want)
	}
	if got := firings(t, s, at(t, "2026-03-28T12:07:00Z"), 1); !equal(got, want[2:]) {
		t.Errorf("from between firings: %v, want %v", got, want[2:])
	}
	t.Run("StartAndEnd", func(t *testing.T) {
		s := Spec{Expression: "rate(1 hour)", Anchor: anchor, Start: at(t, "2026-04-01T00:00:00Z"), End: at(t, "2026-04-01T02:00:00Z")}
		want := []string{"2026-04-01T00:00:00Z", "2026-04-01T01:00:00Z", "2026-04-01T02:00:00Z"}
		if got := firings(t, s, anchor, 5); !equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

// TestDaylightSaving checks what AWS documents for Scheduler: a time the
// clocks skip is skipped, one they repeat fires once, and a rate counts
// hours, not days on the clock.
func TestDaylightSaving(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec Spec
		from string
		want []string
	}{
		{"SpringForwardSkips", Spec{Expression: "cron(30 2 * * ? *)", Timezone: "Europe/Berlin"}, "2026-03-28T00:00:00Z",
			[]string{"2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z"}},
		{"FallBackFiresOnce", Spec{Expression: "cron(30 2 * * ? *)", Timezone: "Europe/Berlin"}, "2026-10-24T12:00:00Z",
			[]string{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}},
		{"FallBackEveryQuarter", Spec{Expression: "cron(0/15 1 * * ? *)", Timezone: "America/New_York"}, "2026-11-01T05:40:00Z",
			[]string{"2026-11-01T05:45:00Z", "2026-11-02T06:00:00Z"}},
		{"WeekdaysInBerlin", Spec{Expression: "cron(0 2 ? * MON-FRI *)", Timezone: "Europe/Berlin"}, "2026-03-26T00:00:00Z",
			[]string{"2026-03-26T01:00:00Z", "2026-03-27T01:00:00Z", "2026-03-30T00:00:00Z"}},
		{"RateCountsHours", Spec{Expression: "rate(1 day)", Timezone: "Europe/Berlin", Anchor: time.Date(2026, 3, 28, 11, 0, 0, 0, time.UTC)},
			"2026-03-28T11:00:00Z", []string{"2026-03-29T11:00:00Z", "2026-03-30T11:00:00Z"}},
		{"OneTimeInZone", Spec{Expression: "at(2026-07-01T09:30:00)", Timezone: "Asia/Kolkata"}, "2026-01-01T00:00:00Z",
			[]string{"2026-07-01T04:00:00Z"}},
		{"OneTimeInGap", Spec{Expression: "at(2026-03-29T02:30:00)", Timezone: "Europe/Berlin"}, "2026-01-01T00:00:00Z",
			[]string{"2026-03-29T01:30:00Z"}},
		{"OneTimePassed", Spec{Expression: "at(2026-01-01T00:00:00)"}, "2026-01-01T00:00:00Z", nil},
		{"OneTimeIgnoresBounds", Spec{Expression: "at(2026-06-01T00:00:00)", End: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
			"2026-01-01T00:00:00Z", []string{"2026-06-01T00:00:00Z"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := firings(t, tc.spec, at(t, tc.from), max(len(tc.want), 1)); !equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLoadLocation(t *testing.T) {
	for _, name := range []string{"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires"} {
		if _, err := LoadLocation(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, name := range []string{"", "Local", "Mars/Olympus", "../etc/passwd"} {
		if _, err := LoadLocation(name); err == nil {
			t.Errorf("%q accepted", name)
		}
	}
}

func TestScaledMinute(t *testing.T) {
	anchor := at(t, "2026-01-01T00:00:00Z")
	s := Spec{Expression: "rate(2 minutes)", Anchor: anchor, Minute: time.Second}
	want := []string{"2026-01-01T00:00:02Z", "2026-01-01T00:00:04Z"}
	if got := firings(t, s, anchor, 2); !equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
