package asl

import "fmt"

// Names of validation errors, as ValidateStateMachineDefinition reports them.
const (
	ErrSchema      = "SCHEMA_VALIDATION_FAILED"
	ErrInvalidPath = "INVALID_JSON_PATH"
)

// ruleFields are the fields a Choice rule may have besides its test.
var ruleFields = map[string]bool{"Next": true, "Comment": true, "Assign": true, "Output": true}

// ValidateRule checks a Choice rule's shape and the types of its operands.
func ValidateRule(rule map[string]any) error {
	tests := 0
	for k := range rule {
		switch {
		case k == "And" || k == "Or" || k == "Not" || operators[k].operand != "":
			tests++
		case k != "Variable" && !ruleFields[k]:
			return schemaError("The field '%s' is not supported in a Choice rule", k)
		}
	}
	if tests != 1 {
		return schemaError("A Choice rule must have exactly one of And, Or, Not or a comparison operator")
	}
	return validateTest(rule)
}

func validateTest(rule map[string]any) error {
	if v, ok := rule["And"]; ok {
		return validateRules("And", v)
	}
	if v, ok := rule["Or"]; ok {
		return validateRules("Or", v)
	}
	if v, ok := rule["Not"]; ok {
		sub, ok := v.(map[string]any)
		if !ok {
			return schemaError("The field 'Not' must be a Choice rule")
		}
		return ValidateRule(sub)
	}
	return validateComparison(rule)
}

func validateRules(field string, v any) error {
	rules, ok := v.([]any)
	if !ok || len(rules) == 0 {
		return schemaError("The field '%s' must be a non-empty array of Choice rules", field)
	}
	for _, r := range rules {
		sub, ok := r.(map[string]any)
		if !ok {
			return schemaError("The field '%s' must be a non-empty array of Choice rules", field)
		}
		if err := ValidateRule(sub); err != nil {
			return err
		}
	}
	return nil
}

func validateComparison(rule map[string]any) error {
	variable, ok := rule["Variable"].(string)
	if !ok || validExpr(variable) != nil {
		return &Error{Name: ErrInvalidPath, Cause: "The field 'Variable' must be a valid JSONPath"}
	}
	name, o, operand, _ := operatorOf(rule)
	if !operandFits(o.operand, operand) {
		return schemaError("The value of the field '%s' must be %s", name, operandKinds[o.operand])
	}
	return nil
}

var operandKinds = map[string]string{
	"string":    "a string",
	"number":    "a number",
	"boolean":   "a boolean",
	"timestamp": "a timestamp in RFC 3339 format",
	"path":      "a valid JSONPath",
}

// operandFits reports whether v is an operand of the given kind.
func operandFits(kind string, v any) bool {
	return operandChecks[kind](v)
}

var operandChecks = map[string]func(v any) bool{
	"string":    func(v any) bool { _, ok := v.(string); return ok },
	"number":    func(v any) bool { _, ok := toFloat(v); return ok },
	"boolean":   func(v any) bool { _, ok := v.(bool); return ok },
	"timestamp": func(v any) bool { _, ok := timestamp(v); return ok },
	"path":      func(v any) bool { s, ok := v.(string); return ok && validExpr(s) == nil },
}

func schemaError(format string, args ...any) *Error {
	return &Error{Name: ErrSchema, Cause: fmt.Sprintf(format, args...)}
}
