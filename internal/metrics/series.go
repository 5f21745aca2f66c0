package metrics

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Series keeps, for each function, a sample of its metrics every Step for
// the last Window: what the console's charts draw. It lives in memory only;
// a restart starts the charts afresh.
type Series struct {
	step  time.Duration
	slots int
	now   func() time.Time

	mu        sync.Mutex
	functions map[string]*ring
}

// ring is one function's steps; only the current one keeps its durations,
// the others their percentiles.
type ring struct {
	slots   []slot
	current int64 // the index of the step being filled
}

// Sample is one step of one function's metrics.
type Sample struct {
	// Time is the step's start, in Unix milliseconds.
	Time        int64   `json:"time"`
	Invocations int     `json:"invocations"`
	Errors      int     `json:"errors"`
	Throttles   int     `json:"throttles"`
	ColdStarts  int     `json:"coldStarts"`
	DurationP50 float64 `json:"durationP50"` // milliseconds
	DurationP99 float64 `json:"durationP99"`
	// Concurrency is the most invocations seen running at once.
	Concurrency int `json:"concurrency"`
}

// slot is a step being filled; index is its step number since the epoch.
type slot struct {
	index     int64
	sample    Sample
	durations []float64
}

// maxDurations bounds the durations a step keeps for its percentiles.
const maxDurations = 4096

// Step and Window are the charts' resolution and reach.
const (
	Step   = 10 * time.Second
	Window = time.Hour
)

// NewSeries keeps a sample every step for window.
func NewSeries(step, window time.Duration) *Series {
	return &Series{step: step, slots: int(window / step), now: time.Now, functions: map[string]*ring{}}
}

// at returns function's slot for now, emptied when it held an older step;
// the step it ends keeps its percentiles and drops its durations. The
// caller holds mu.
func (s *Series) at(function string) *slot {
	r, ok := s.functions[function]
	if !ok {
		r = &ring{slots: make([]slot, s.slots)}
		s.functions[function] = r
	}
	index := s.index()
	if r.current != index {
		r.slots[r.current%int64(s.slots)].settle()
		r.current = index
	}
	sl := &r.slots[index%int64(s.slots)]
	if sl.index != index {
		*sl = slot{index: index, sample: Sample{Time: index * s.step.Milliseconds()}}
	}
	return sl
}

// index is the number of the current step since the epoch.
func (s *Series) index() int64 { return s.now().UnixMilli() / s.step.Milliseconds() }

// settle computes the step's percentiles and lets its durations go.
func (sl *slot) settle() {
	if sl.durations == nil {
		return
	}
	sl.sample.DurationP50, sl.sample.DurationP99 = percentile(sl.durations, 0.5), percentile(sl.durations, 0.99)
	sl.durations = nil
}

func (s *Series) update(function string, f func(*slot)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.at(function))
}

func (s *Series) invoked(function string, d time.Duration, failed bool) {
	s.update(function, func(sl *slot) {
		sl.sample.Invocations++
		sl.sample.Concurrency = max(sl.sample.Concurrency, 1) // one ran in this step, however briefly
		if failed {
			sl.sample.Errors++
		}
		if len(sl.durations) < maxDurations {
			sl.durations = append(sl.durations, float64(d.Microseconds())/1000)
		}
	})
}

func (s *Series) throttled(function string) {
	s.update(function, func(sl *slot) { sl.sample.Throttles++ })
}

func (s *Series) coldStart(function string) {
	s.update(function, func(sl *slot) { sl.sample.ColdStarts++ })
}

func (s *Series) running(function string, busy int) {
	s.update(function, func(sl *slot) { sl.sample.Concurrency = max(sl.sample.Concurrency, busy) })
}

// Samples returns function's samples over the window, oldest first, the
// current step last; steps without activity are zero.
func (s *Series) Samples(function string) []Sample {
	s.mu.Lock()
	defer s.mu.Unlock()
	last := s.index()
	r := s.functions[function]
	out := make([]Sample, 0, s.slots)
	for index := last - int64(s.slots) + 1; index <= last; index++ {
		sample := Sample{Time: index * s.step.Milliseconds()}
		if r != nil {
			if sl := r.slots[index%int64(s.slots)]; sl.index == index {
				sl.settle() // a copy: the current step goes on filling
				sample = sl.sample
			}
		}
		out = append(out, sample)
	}
	return out
}

// forget drops the functions that ran nothing for a whole window.
func (s *Series) forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	oldest := s.index() - int64(s.slots)
	for function, r := range s.functions {
		if r.current <= oldest {
			delete(s.functions, function)
		}
	}
}

// percentile is the nearest-rank percentile p of durations, 0 for none.
func percentile(durations []float64, p float64) float64 {
	if len(durations) == 0 {
		return 0
	}
	sorted := slices.Sorted(slices.Values(durations))
	rank := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// sampleRunning records how many invocations of each function run now.
func (s *Series) sampleRunning(env Environments) {
	busy := map[string]int{}
	for _, st := range env.Stats() {
		busy[st.Function] += st.Busy
	}
	for function, n := range busy {
		if n > 0 {
			s.running(function, n)
		}
	}
}

// Run samples env's running invocations every second until ctx is done.
func (s *Series) Run(ctx context.Context, env Environments) {
	for ctx.Err() == nil {
		s.sampleRunning(env)
		s.forget()
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}
