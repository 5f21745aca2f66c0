package asl

import (
	"strings"
)

// Choose evaluates one Choice rule (a map from the definition, without "Next"): And/Or/Not, every
// comparison operator (String/Numeric/Boolean/Timestamp Equals/LessThan/GreaterThan/...Equals and
// their *Path forms, StringMatches with * and \ escapes, IsNull/IsPresent/IsNumeric/IsString/
// IsBoolean/IsTimestamp).
func Choose(rule map[string]any, input, context any, vars map[string]any) (bool, error) {
	if rules, ok := rule["And"].([]any); ok {
		return all(rules, input, context, vars)
	}
	if rules, ok := rule["Or"].([]any); ok {
		return anyOf(rules, input, context, vars)
	}
	if sub, ok := rule["Not"].(map[string]any); ok {
		got, err := Choose(sub, input, context, vars)
		return !got, err
	}
	return compareRule(rule, input, context, vars)
}

func all(rules []any, input, context any, vars map[string]any) (bool, error) {
	for _, r := range rules {
		if ok, err := Choose(asRule(r), input, context, vars); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func anyOf(rules []any, input, context any, vars map[string]any) (bool, error) {
	for _, r := range rules {
		if ok, err := Choose(asRule(r), input, context, vars); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

func asRule(v any) map[string]any {
	r, _ := v.(map[string]any)
	return r
}

// compareRule evaluates a data-test rule: its Variable against one operator.
func compareRule(rule map[string]any, input, context any, vars map[string]any) (bool, error) {
	name, o, operand, ok := operatorOf(rule)
	if !ok {
		return false, runtimeError("The Choice rule has no comparison operator: %s", compact(rule))
	}
	variable, _ := rule["Variable"].(string)
	value, err := Expr(variable, input, context, vars)
	if name == "IsPresent" {
		want, _ := operand.(bool)
		return (err == nil) == want, nil
	}
	if err != nil {
		return false, choicePathError(variable)
	}
	if strings.HasSuffix(name, "Path") {
		if operand, err = Expr(operand.(string), input, context, vars); err != nil {
			return false, choicePathError(rule[name].(string))
		}
	}
	return o.test(value, operand), nil
}

func choicePathError(path string) *Error {
	return runtimeError("Invalid path '%s': The choice state's condition path references an invalid value.", path)
}

// operatorOf finds the rule's comparison operator and its operand.
func operatorOf(rule map[string]any) (string, operator, any, bool) {
	for k, v := range rule {
		if o, ok := operators[k]; ok {
			return k, o, v, true
		}
	}
	return "", operator{}, nil, false
}
