package asl

import "strings"

// ValidatePayload checks that every ".$" value of a payload template is a
// valid path, variable reference or intrinsic function call.
func ValidatePayload(template any) error {
	switch t := template.(type) {
	case map[string]any:
		for k, v := range t {
			if err := validateEntry(k, v); err != nil {
				return err
			}
		}
	case []any:
		for _, v := range t {
			if err := ValidatePayload(v); err != nil {
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
		return runtimeError("The value for the field '%s' must be a STRING that contains a JSONPath but was an %s", k, jsonType(v))
	}
	if strings.HasPrefix(expr, "States.") || isVariable(expr) {
		return nil
	}
	return ValidatePath(expr)
}
