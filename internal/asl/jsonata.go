package asl

import (
	"errors"
	"fmt"
	"strings"

	jsonata "github.com/blues/jsonata-go"
)

// Eval evaluates a JSONata-mode field value: strings "{% expr %}" are
// evaluated, objects and arrays recursively, other values returned as is.
// states is the $states binding ({"input":…, "context":…, "result":…,
// "errorOutput":…}); vars are the workflow variables ($name).
func Eval(value any, states map[string]any, vars map[string]any) (any, error) {
	switch v := value.(type) {
	case string:
		expr, ok := expression(v)
		if !ok {
			return v, nil
		}
		return evalExpr(expr, states, vars)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			var err error
			if out[k], err = Eval(x, states, vars); err != nil {
				return nil, err
			}
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			var err error
			if out[i], err = Eval(x, states, vars); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return value, nil
}

// ValidateJSONata checks the syntax of every "{% expr %}" in value.
func ValidateJSONata(value any) error {
	if s, ok := value.(string); ok {
		if expr, ok := expression(s); ok {
			_, err := compileJSONata(expr)
			return err
		}
		return nil
	}
	return eachChild(value, func(_ string, x any) error { return ValidateJSONata(x) })
}

// expression returns the expression of a "{% expr %}" string.
func expression(s string) (string, bool) {
	if !strings.HasPrefix(s, "{%") || !strings.HasSuffix(s, "%}") || len(s) < 4 {
		return "", false
	}
	return strings.TrimSpace(s[2 : len(s)-2]), true
}

func evalExpr(expr string, states map[string]any, vars map[string]any) (any, error) {
	compiled, err := compileJSONata(expr)
	if err != nil {
		return nil, err
	}
	e := *compiled // a copy, so that bindings stay with this evaluation
	if err := bind(&e, states, vars); err != nil {
		return nil, queryError("The JSONata expression '%s' could not be evaluated: %v", expr, err)
	}
	got, err := guard(func() (any, error) { return e.Eval(nil) })
	switch {
	case errors.Is(err, jsonata.ErrUndefined):
		return nil, queryError("The JSONata expression '%s' returned nothing (undefined).", expr)
	case err != nil:
		return nil, queryError("An error occurred while evaluating the JSONata expression '%s': %v", expr, err)
	}
	out, ok := fromJSONata(got)
	if !ok {
		return nil, queryError("The JSONata expression '%s' returned an unsupported result type.", expr)
	}
	return out, nil
}

// bind gives an evaluation its variables: $states, the workflow variables
// and the functions Step Functions adds to JSONata.
func bind(e *jsonata.Expr, states map[string]any, vars map[string]any) error {
	values := make(map[string]any, len(vars)+1)
	for k, v := range vars {
		values[k] = toJSONata(v)
	}
	values["states"] = toJSONata(states)
	if err := e.RegisterVars(values); err != nil {
		return err
	}
	return e.RegisterExts(new(depthCounter).extensions())
}

var exprs = newCache(parseJSONata)

// compileJSONata parses expr once and keeps it, without bindings.
func compileJSONata(expr string) (*jsonata.Expr, error) {
	return exprs.get(expr)
}

func parseJSONata(expr string) (*jsonata.Expr, error) {
	if err := reservedRoot(expr); err != nil {
		return nil, err
	}
	e, err := guard(func() (*jsonata.Expr, error) { return jsonata.Compile(guardRecursion(expr)) })
	if err != nil {
		return nil, queryError("The JSONata expression '%s' is not valid: %v", expr, err)
	}
	return e, nil
}

// reservedRoot refuses expressions that start from "$" or "$$", which
// Step Functions does not bind: data comes from $states.
func reservedRoot(expr string) error {
	if expr == "$" || expr == "$$" || strings.HasPrefix(expr, "$.") || strings.HasPrefix(expr, "$$.") {
		return queryError("The JSONata expression '%s' uses '$' or '$$' at its top level, which is not supported: use $states", expr)
	}
	return nil
}

// guard turns a panic of the JSONata library (its lexer fails on some
// malformed input) into an error, so that a bad expression cannot crash
// the server.
func guard[T any](f func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the JSONata library failed: %v", r)
		}
	}()
	return f()
}

func queryError(format string, args ...any) *Error {
	return &Error{Name: ErrQueryEvaluation, Cause: fmt.Sprintf(format, args...)}
}
