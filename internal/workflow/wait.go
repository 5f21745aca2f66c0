package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/virga-dev/virga/internal/asl"
	"github.com/virga-dev/virga/internal/statemachine"
)

// wait waits until the deadline its entered event recorded.
func (v *visit) wait(ctx context.Context) (any, error) {
	until := v.entered.Until
	if until.IsZero() {
		if _, err := waitUntil(v.sc, v.s, v.entered.Time); err != nil {
			return nil, err
		}
	}
	if err := sleepUntil(ctx, until); err != nil {
		return nil, err
	}
	if v.sc.jsonata(v.s) {
		return v.complete(v.sc.input)
	}
	in, err := v.sc.inputPath(v.s)
	if err != nil {
		return nil, err
	}
	return v.sc.place(v.s, statemachine.Path{Set: true, Null: true}, in)
}

// waitUntil is when a Wait state entered at now ends.
func waitUntil(sc scope, s *statemachine.State, now time.Time) (time.Time, error) {
	switch {
	case s.Seconds.Set:
		x, err := sc.literal(s, s.Seconds.V)
		if err != nil {
			return time.Time{}, err
		}
		return secondsAfter(now, x, "Seconds")
	case s.Timestamp.Set:
		x, err := sc.literal(s, s.Timestamp.V)
		if err != nil {
			return time.Time{}, err
		}
		return timestamp(x, "Timestamp")
	case s.SecondsPath != "":
		in, err := sc.inputPath(s)
		if err != nil {
			return time.Time{}, err
		}
		x, err := asl.Path(s.SecondsPath, in, sc.context)
		if err != nil {
			return time.Time{}, runtime("The SecondsPath parameter does not reference an input value: %s", s.SecondsPath)
		}
		return secondsAfter(now, x, "SecondsPath")
	default:
		in, err := sc.inputPath(s)
		if err != nil {
			return time.Time{}, err
		}
		x, err := asl.Path(s.TimestampPath, in, sc.context)
		if err != nil {
			return time.Time{}, runtime("The TimestampPath parameter does not reference an input value: %s", s.TimestampPath)
		}
		return timestamp(x, "TimestampPath")
	}
}

// literal is a field's value, evaluated when the state is JSONata.
func (sc scope) literal(s *statemachine.State, x any) (any, error) {
	if sc.jsonata(s) {
		return asl.Eval(x, sc.states(nil, false, nil), sc.vars)
	}
	return x, nil
}

func secondsAfter(now time.Time, x any, field string) (time.Time, error) {
	n, ok := x.(json.Number)
	secs, err := n.Int64()
	if !ok || err != nil || secs < 0 {
		return time.Time{}, runtime("The %s parameter does not reference a valid non-negative integer: %s", field, Encode(x))
	}
	return now.Add(time.Duration(secs) * time.Second), nil
}

func timestamp(x any, field string) (time.Time, error) {
	s, _ := x.(string)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, runtime("The %s parameter does not reference a valid ISO-8601 extended offset date-time format string: %s", field, Encode(x))
	}
	return t, nil
}

// runtime is a States.Runtime failure.
func runtime(format string, args ...any) error {
	return failed{&Failure{Error: "States.Runtime", Cause: fmt.Sprintf(format, args...)}}
}
