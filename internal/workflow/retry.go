package workflow

import (
	"context"
	"fmt"
	"time"
)

// attempt is one try of a Task, Parallel or Map state; key names it. It
// returns the state's result, or a failure whose event it recorded at
// failedAt.
type attempt func(ctx context.Context, key string) (result any, failedAt time.Time, err error)

// retrying tries a state as its Retry allows, then hands a failure to
// its Catch. A back-off waits until the failure's time plus the delay, so
// a replay after a crash waits for the same instant.
func (v *visit) retrying(ctx context.Context, try attempt) (any, error) {
	counts := map[int]int{}
	for n := 1; ; n++ {
		key := fmt.Sprintf("%s/a%d", v.key, n)
		v.sc.context["State"].(map[string]any)["RetryCount"] = n - 1
		result, failedAt, err := try(ctx, key)
		if err == nil {
			return v.complete(result)
		}
		f, ok := asFailure(err)
		if !ok {
			return nil, err
		}
		if r, count, again := retrier(v.s.Retry, f, counts); again {
			if err := sleepUntil(ctx, failedAt.Add(retryDelay(r, count, key))); err != nil {
				return nil, err
			}
			continue
		}
		if c, ok := catcher(v.s.Catch, f); ok {
			return v.catch(c, f)
		}
		return nil, err
	}
}

// sleepUntil waits for a time, or for ctx.
func sleepUntil(ctx context.Context, at time.Time) error {
	d := time.Until(at)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
