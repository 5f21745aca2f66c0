package schedule

import (
	"testing"
	"time"
)

// FuzzParse feeds arbitrary expressions to the parser and, when one
// parses, asks it for its next firings: nothing may panic or hang, and
// each firing must come after the one before.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"cron(0 10 * * ? *)", "cron(0/5 8-17 ? * MON-FRI *)", "cron(0 9 ? * 2#1 *)", "cron(0 12 LW * ? *)",
		"cron(0 12 ? * 6L 2026-2030/2)", "rate(5 minutes)", "rate(1 day)", "at(2026-03-29T02:30:00)",
		"cron(0 22-2/2 ? * FRI-MON *)", "cron(0 0 31 2 ? *)",
	} {
		f.Add(seed, "Europe/Berlin")
	}
	after := time.Date(2026, 3, 28, 23, 59, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr, zone string) {
		if _, err := Parse(expr, Rules); err != nil {
			if _, err := Parse(expr, Scheduler); err != nil {
				return
			}
		}
		if _, err := LoadLocation(zone); err != nil {
			zone = ""
		}
		s := Spec{Expression: expr, Timezone: zone, Anchor: after}
		prev := after
		for range 3 {
			next, ok, err := s.Next(prev)
			if err != nil || !ok {
				return
			}
			if !next.After(prev) {
				t.Fatalf("%s in %q: %v does not come after %v", expr, zone, next, prev)
			}
			prev = next
		}
	})
}
