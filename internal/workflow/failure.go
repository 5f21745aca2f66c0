package workflow

import (
	"errors"
	"hash/fnv"
	"math"
	"slices"
	"time"

	"github.com/virga-dev/virga/internal/asl"
	"github.com/virga-dev/virga/internal/statemachine"
)

// Failure is a state's error: its name and cause, as Catch sees them.
type Failure struct {
	Error, Cause string
	// task marks errors a task raised, which States.TaskFailed matches.
	task bool
	// located marks a runtime error whose cause names its state.
	located bool
}

// failed is a run that ended with f.
type failed struct{ f *Failure }

func (e failed) Error() string { return e.f.Error + ": " + e.f.Cause }

// TaskFailure is what Tasks return for a task that failed: its error
// name and cause are the history's.
func TaskFailure(name, cause string) error {
	return failed{&Failure{Error: name, Cause: cause, task: true}}
}

// asFailure finds a state failure in err.
func asFailure(err error) (*Failure, bool) {
	var fe failed
	if errors.As(err, &fe) {
		return fe.f, true
	}
	var ae *asl.Error
	if errors.As(err, &ae) {
		return &Failure{Error: ae.Name, Cause: ae.Cause}, true
	}
	return nil, false
}

// matches reports whether an ErrorEquals list covers f. States.ALL covers
// everything but States.Runtime; States.TaskFailed every task error but
// a timeout.
func matches(names []string, f *Failure) bool {
	if slices.Contains(names, f.Error) {
		return true
	}
	if slices.Contains(names, "States.ALL") && f.Error != "States.Runtime" {
		return true
	}
	return f.task && f.Error != "States.Timeout" && slices.Contains(names, "States.TaskFailed")
}

// retryDelay is the wait before retry number n (1 for the first) of r.
// FULL jitter draws from a number derived from seed (the attempt's key),
// so a replay waits as long as the first run did.
func retryDelay(r statemachine.Retrier, n int, seed string) time.Duration {
	secs := r.IntervalSeconds * math.Pow(r.BackoffRate, float64(n-1))
	if r.MaxDelaySeconds > 0 {
		secs = min(secs, r.MaxDelaySeconds)
	}
	if r.JitterStrategy == "FULL" {
		h := fnv.New64a()
		h.Write([]byte(seed))
		secs *= float64(h.Sum64()>>11) / (1 << 53)
	}
	return time.Duration(secs * float64(time.Second))
}

// retrier finds the retrier for f and whether it allows another attempt,
// counting per retrier in counts.
func retrier(rs []statemachine.Retrier, f *Failure, counts map[int]int) (statemachine.Retrier, int, bool) {
	if f.Error == "States.Runtime" {
		return statemachine.Retrier{}, 0, false
	}
	for i, r := range rs {
		if !matches(r.ErrorEquals, f) {
			continue
		}
		if counts[i] >= r.MaxAttempts {
			return r, 0, false
		}
		counts[i]++
		return r, counts[i], true
	}
	return statemachine.Retrier{}, 0, false
}

// catcher finds the catcher for f.
func catcher(cs []statemachine.Catcher, f *Failure) (statemachine.Catcher, bool) {
	if f.Error == "States.Runtime" {
		return statemachine.Catcher{}, false
	}
	for _, c := range cs {
		if matches(c.ErrorEquals, f) {
			return c, true
		}
	}
	return statemachine.Catcher{}, false
}
