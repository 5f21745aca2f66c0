package asl

import (
	"encoding/json"
	"math"
)

// jsonataNull is how the JSONata library represents JSON null: a nil
// pointer, while a plain nil is "undefined".
var jsonataNull *any

// toJSONata converts a JSON value for the JSONata library: numbers to
// float64 and nulls to jsonataNull.
func toJSONata(v any) any {
	switch t := v.(type) {
	case nil:
		return jsonataNull
	case json.Number:
		f, _ := t.Float64()
		return f
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = toJSONata(x)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, x := range t {
			a[i] = toJSONata(x)
		}
		return a
	}
	return v
}

// fromJSONata converts a JSONata result back to a JSON value; ok is false
// for values JSON cannot hold, such as functions.
func fromJSONata(v any) (any, bool) {
	switch t := v.(type) {
	case nil, *any:
		return nil, true
	case bool, string:
		return t, true
	case float64:
		if math.IsInf(t, 0) || math.IsNaN(t) {
			return nil, false
		}
		return number(t), true
	case int:
		return number(float64(t)), true
	case json.Number:
		return t, true
	case map[string]any:
		return fromMap(t)
	case []any:
		return fromSlice(t)
	}
	return nil, false
}

func fromMap(m map[string]any) (any, bool) {
	out := make(map[string]any, len(m))
	for k, x := range m {
		var ok bool
		if out[k], ok = fromJSONata(x); !ok {
			return nil, false
		}
	}
	return out, true
}

func fromSlice(a []any) (any, bool) {
	out := make([]any, len(a))
	for i, x := range a {
		var ok bool
		if out[i], ok = fromJSONata(x); !ok {
			return nil, false
		}
	}
	return out, true
}
