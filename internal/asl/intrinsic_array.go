package asl

import (
	"reflect"
)

// maxRange is the most items States.ArrayRange may produce.
const maxRange = 1000

func array(args []any) (any, error) {
	return append([]any{}, args...), nil
}

func arrayPartition(args []any) (any, error) {
	arr, size, err := arrayAndInt("States.ArrayPartition", args)
	if err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, intrinsicError("The chunk size in States.ArrayPartition must be a positive integer, got %d", size)
	}
	out := []any{}
	for i := 0; i < len(arr); i += size {
		out = append(out, append([]any{}, arr[i:min(i+size, len(arr))]...))
	}
	return out, nil
}

func arrayContains(args []any) (any, error) {
	arr, err := arrayArg("States.ArrayContains", args[0])
	if err != nil {
		return nil, err
	}
	for _, v := range arr {
		if equalJSON(v, args[1]) {
			return true, nil
		}
	}
	return false, nil
}

func arrayRange(args []any) (any, error) {
	n, err := ints("States.ArrayRange", args)
	if err != nil {
		return nil, err
	}
	start, end, step := n[0], n[1], n[2]
	if step == 0 {
		return nil, intrinsicError("The step in States.ArrayRange must not be 0")
	}
	out := []any{}
	for v := start; step > 0 && v <= end || step < 0 && v >= end; v += step {
		if len(out) == maxRange {
			return nil, intrinsicError("States.ArrayRange cannot produce more than %d items", maxRange)
		}
		out = append(out, number(float64(v)))
	}
	return out, nil
}

func arrayGetItem(args []any) (any, error) {
	arr, i, err := arrayAndInt("States.ArrayGetItem", args)
	if err != nil {
		return nil, err
	}
	if i < 0 || i >= len(arr) {
		return nil, intrinsicError("The index %d in States.ArrayGetItem is out of bounds for an array of %d items", i, len(arr))
	}
	return arr[i], nil
}

func arrayLength(args []any) (any, error) {
	arr, err := arrayArg("States.ArrayLength", args[0])
	if err != nil {
		return nil, err
	}
	return number(float64(len(arr))), nil
}

func arrayUnique(args []any) (any, error) {
	arr, err := arrayArg("States.ArrayUnique", args[0])
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, v := range arr {
		if !containsJSON(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

func containsJSON(arr []any, v any) bool {
	for _, x := range arr {
		if equalJSON(x, v) {
			return true
		}
	}
	return false
}

// equalJSON compares JSON values, numbers by value (1 equals 1.0).
func equalJSON(a, b any) bool {
	if x, ok := toFloat(a); ok {
		y, ok := toFloat(b)
		return ok && x == y
	}
	switch a := a.(type) {
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equalJSON(a[i], b[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			if w, ok := b[k]; !ok || !equalJSON(v, w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
