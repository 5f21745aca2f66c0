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
	return v.succeed()
}

// waitUntil is when a Wait state entered at now ends.
func waitUntil(sc scope, s *statemachine.State, now time.Time) (time.Time, error) {
	x, field, err := waitValue(sc, s)
	switch {
	case err != nil:
		return time.Time{}, err
	case field == "Seconds" || field == "SecondsPath":
		return secondsAfter(now, x, field)
	}
	return timestamp(x, field)
}

// waitValue is the value of a Wait state's one duration field, and which
// field it is.
func waitValue(sc scope, s *statemachine.State) (any, string, error) {
	if s.Seconds.Set {
		x, err := sc.literal(s, s.Seconds.V)
		return x, "Seconds", err
	}
	if s.Timestamp.Set {
		x, err := sc.literal(s, s.Timestamp.V)
		return x, "Timestamp", err
	}
	field, path := "SecondsPath", s.SecondsPath
	if path == "" {
		field, path = "TimestampPath", s.TimestampPath
	}
	in, err := sc.inputPath(s)
	if err != nil {
		return nil, field, err
	}
	x, err := asl.Path(path, in, sc.context)
	if err != nil {
		return nil, field, runtime("The %s parameter does not reference an input value: %s", field, path)
	}
	return x, field, nil
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
