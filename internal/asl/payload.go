package asl

import (
	"encoding/json"
	"strings"
)

// Payload evaluates a Parameters/ResultSelector/ItemSelector/Arguments template: keys ending in ".$"
// take a path ("$.x", "$$.x") or an intrinsic ("States.Format('{}', $.a)") and lose the ".$"; recursive.
// vars are workflow variables for "$name" references (nil when none).
func Payload(template, input, context any, vars map[string]any) (any, error) {
	switch t := template.(type) {
	case map[string]any:
		return payloadObject(t, input, context, vars)
	case []any:
		out := make([]any, len(t))
		for i, v := range t {
			var err error
			if out[i], err = Payload(v, input, context, vars); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return template, nil
}

func payloadObject(t map[string]any, input, context any, vars map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(t))
	for k, v := range t {
		name, dynamic := strings.CutSuffix(k, ".$")
		var err error
		if dynamic {
			out[name], err = binding(k, v, input, context, vars)
		} else {
			out[k], err = Payload(v, input, context, vars)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// binding evaluates the value of a ".$" key: a path, a context path, a
// variable reference or an intrinsic function call.
func binding(key string, v, input, context any, vars map[string]any) (any, error) {
	expr, ok := v.(string)
	if !ok {
		return nil, runtimeError("The value for the field '%s' must be a STRING that contains a JSONPath but was %s", key, withArticle(jsonType(v)))
	}
	got, err := Expr(expr, input, context, vars)
	if e, ok := err.(*Error); ok {
		return nil, e.InField(key)
	}
	return got, err
}

// Expr evaluates the string value of a ".$" key (or of a …Path field that
// allows variables): a path ("$.x"), a context path ("$$.x"), a variable
// reference ("$name", "$name.a[0]") or an intrinsic function call.
func Expr(expr string, input, context any, vars map[string]any) (any, error) {
	switch {
	case strings.HasPrefix(expr, "States."):
		return Intrinsic(expr, input, context, vars)
	case isVariable(expr):
		return variable(expr, vars)
	}
	return Path(expr, input, context)
}

// isVariable reports whether expr starts with a "$name" reference rather
// than "$", "$." , "$[" or "$$".
func isVariable(expr string) bool {
	if len(expr) < 2 || expr[0] != '$' {
		return false
	}
	c := expr[1]
	return c != '.' && c != '[' && c != '$'
}

// variable resolves "$name" or "$name<path>" against the workflow variables.
func variable(expr string, vars map[string]any) (any, error) {
	end := strings.IndexAny(expr, ".[")
	if end < 0 {
		end = len(expr)
	}
	name := expr[1:end]
	v, ok := vars[name]
	if !ok {
		return nil, runtimeError("The variable '%s' could not be found", expr[:end])
	}
	if end == len(expr) {
		return v, nil
	}
	return Path("$"+expr[end:], v, nil)
}

// jsonType names the JSON type of v the way Step Functions' messages do.
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case bool:
		return "BOOLEAN"
	case string:
		return "STRING"
	case []any:
		return "ARRAY"
	case map[string]any:
		return "OBJECT"
	case json.Number:
		if !strings.ContainsAny(string(v), ".eE") {
			return "INTEGER"
		}
	}
	return "NUMBER"
}

// withArticle puts "a" or "an" before a type name.
func withArticle(name string) string {
	if strings.ContainsRune("AEIOU", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}
