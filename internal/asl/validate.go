package asl

import "strings"

// ValidatePayload checks that every ".$" value of a payload template is a
// valid path, variable reference or intrinsic function call.
func ValidatePayload(template any) error {
	return eachChild(template, validateEntry)
}

// eachChild calls f with each member of an object or item of an array
// (with key ""), stopping at the first error.
func eachChild(v any, f func(key string, child any) error) error {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if err := f(k, x); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range t {
			if err := f("", x); err != nil {
				return err
			}
		}
	}
	return nil
}

func validateEntry(k string, v any) error {
	if !strings.HasSuffix(k, ".$") {
		return ValidatePayload(v)
	}
	expr, ok := v.(string)
	if !ok {
		return schemaError("The value for the field '%s' must be a STRING that contains a JSONPath but was %s", k, withArticle(jsonType(v)))
	}
	if validExpr(expr) != nil {
		return schemaError("The value for the field '%s' must be a valid JSONPath or a valid intrinsic function call", k)
	}
	return nil
}

// validExpr checks the string of a ".$" key: an intrinsic call, a
// variable reference or a path.
func validExpr(expr string) error {
	switch {
	case strings.HasPrefix(expr, "States."):
		return ValidateIntrinsic(expr)
	case isVariable(expr):
		return validVariable(expr)
	}
	return ValidatePath(expr)
}

// validVariable checks "$name" and "$name<path>".
func validVariable(expr string) error {
	end := strings.IndexAny(expr, ".[")
	if end < 0 {
		return nil
	}
	return ValidatePath("$" + expr[end:])
}
