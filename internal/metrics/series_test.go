package metrics

import (
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/pool"
)

type fakeEnvironments []pool.Stats

func (f fakeEnvironments) Stats() []pool.Stats { return f }

func TestSeries(t *testing.T) {
	now := time.UnixMilli(1_000_000_000)
	s := NewSeries(10*time.Second, time.Minute)
	s.now = func() time.Time { return now }
	for _, ms := range []int{1, 2, 3, 4, 100} {
		s.invoked("f", time.Duration(ms)*time.Millisecond, ms == 100)
	}
	s.throttled("f")
	s.coldStart("f")
	s.sampleRunning(fakeEnvironments{{Function: "f", Version: "1", Busy: 2}, {Function: "f", Version: "$LATEST", Busy: 1}})

	got := s.Samples("f")
	if len(got) != 6 {
		t.Fatalf("%d samples for a minute of 10 s steps", len(got))
	}
	last := got[5]
	want := Sample{Time: 1_000_000_000, Invocations: 5, Errors: 1, Throttles: 1, ColdStarts: 1, DurationP50: 3, DurationP99: 100, Concurrency: 3}
	if last != want {
		t.Errorf("current step:\n got %+v\nwant %+v", last, want)
	}
	if got[0].Time != 1_000_000_000-50_000 || got[0].Invocations != 0 {
		t.Errorf("oldest step: %+v", got[0])
	}

	t.Run("StepsMoveOn", func(t *testing.T) {
		now = now.Add(10 * time.Second)
		s.invoked("f", time.Millisecond, false)
		got := s.Samples("f")
		if got[4].Invocations != 5 || got[4].DurationP99 != 100 || got[5].Invocations != 1 {
			t.Errorf("after a step: %+v, %+v", got[4], got[5])
		}
		if ended := s.functions["f"].slots[(got[4].Time/10_000)%6]; ended.durations != nil {
			t.Errorf("the ended step keeps %d durations", len(ended.durations))
		}
	})
	t.Run("OldStepsAreForgotten", func(t *testing.T) {
		now = now.Add(time.Minute)
		for _, sample := range s.Samples("f") {
			if sample.Invocations != 0 {
				t.Fatalf("a step older than the window is still there: %+v", sample)
			}
		}
		s.forget()
		if len(s.functions) != 0 {
			t.Errorf("a function idle for the window is still kept")
		}
	})
	t.Run("UnknownFunction", func(t *testing.T) {
		if got := s.Samples("g"); len(got) != 6 || got[5].Invocations != 0 {
			t.Errorf("%+v", got)
		}
	})
}
