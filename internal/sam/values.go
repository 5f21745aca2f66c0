package sam

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// text is a scalar property as a string; "" when absent.
func text(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// number is a numeric property; 0 when absent or not a number.
func number(v any) int32 {
	switch v := v.(type) {
	case int64:
		return int32(v)
	case float64:
		return int32(v)
	case string:
		i, _ := strconv.Atoi(v)
		return int32(i)
	}
	return 0
}

func texts(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, text(e))
	}
	return out
}

// environment is Environment.Variables.
func environment(v any) map[string]string {
	m, _ := v.(map[string]any)
	vars, _ := m["Variables"].(map[string]any)
	out := make(map[string]string, len(vars))
	for k, e := range vars {
		out[k] = text(e)
	}
	return out
}

// merge lays a resource's properties over Globals: maps merge key by key,
// anything else in the resource wins.
func merge(global, own map[string]any) map[string]any {
	out := make(map[string]any, len(global)+len(own))
	for k, v := range global {
		out[k] = v
	}
	for k, v := range own {
		g, gok := out[k].(map[string]any)
		o, ook := v.(map[string]any)
		if gok && ook {
			v = merge(g, o)
		}
		out[k] = v
	}
	return out
}

func globalFunction(doc map[string]any) map[string]any {
	g, _ := doc["Globals"].(map[string]any)
	f, _ := g["Function"].(map[string]any)
	return f
}

// attribute is a property as an SQS attribute value: objects such as a
// RedrivePolicy become their JSON text.
func attribute(v any) string {
	switch v.(type) {
	case map[string]any, []any:
		data, _ := json.Marshal(v)
		return string(data)
	}
	return text(v)
}
