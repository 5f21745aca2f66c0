package asl

// Eval evaluates a JSONata-mode field value: strings "{% expr %}" are
// evaluated, objects and arrays recursively, other values returned as is.
// states is the $states binding ({"input":…, "context":…, "result":…,
// "errorOutput":…}); vars are the workflow variables ($name).
func Eval(value any, states map[string]any, vars map[string]any) (any, error) {
	return nil, &Error{Name: ErrQueryEvaluation, Cause: "JSONata is not evaluated yet"}
}

// ValidateJSONata checks the syntax of every "{% expr %}" in value.
func ValidateJSONata(value any) error {
	return nil
}
