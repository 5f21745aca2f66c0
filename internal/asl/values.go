package asl

import (
	"encoding/json"
	"math"
	"strconv"
)

// toFloat reads a JSON number.
func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// number makes a JSON number of f: integers without a fraction, other
// values in their shortest form.
func number(f float64) json.Number {
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return json.Number(strconv.FormatFloat(f, 'f', -1, 64))
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
}

func itoa(i int) string { return strconv.Itoa(i) }

// intArg reads a numeric argument of fn, rounded to the nearest integer as
// Step Functions does.
func intArg(fn string, v any) (int, error) {
	f, ok := toFloat(v)
	if !ok || math.IsNaN(f) || math.Abs(f) > 1<<53 {
		return 0, intrinsicError("The arguments of %s must be integers, got %s", fn, compact(v))
	}
	return int(math.Round(f)), nil
}

func arrayArg(fn string, v any) ([]any, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, intrinsicError("The first argument of %s must be an array, got %s", fn, compact(v))
	}
	return arr, nil
}

func stringArg(fn string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", intrinsicError("The arguments of %s must be strings, got %s", fn, compact(v))
	}
	return s, nil
}
