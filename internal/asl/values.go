package asl

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
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

// number makes a JSON number of f the way JavaScript (and so JSONata)
// prints it: fixed notation from 1e-7 up to 1e21, exponent notation
// without leading zeros outside ("1e+21", "1e-7").
func number(f float64) json.Number {
	if a := math.Abs(f); a == 0 || a >= 1e-7 && a < 1e21 {
		return json.Number(strconv.FormatFloat(f, 'f', -1, 64))
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mantissa, exp, _ := strings.Cut(s, "e")
	sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
	return json.Number(mantissa + "e" + sign + digits)
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

// ints reads every argument of fn as an integer.
func ints(fn string, args []any) ([]int, error) {
	n := make([]int, len(args))
	for i, a := range args {
		var err error
		if n[i], err = intArg(fn, a); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// arrayAndInt reads the arguments (array, integer) of fn.
func arrayAndInt(fn string, args []any) ([]any, int, error) {
	arr, err := arrayArg(fn, args[0])
	if err != nil {
		return nil, 0, err
	}
	i, err := intArg(fn, args[1])
	return arr, i, err
}
