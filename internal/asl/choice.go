package asl

// Choose evaluates one Choice rule (a map from the definition, without "Next"): And/Or/Not, every
// comparison operator (String/Numeric/Boolean/Timestamp Equals/LessThan/GreaterThan/...Equals and
// their *Path forms, StringMatches with * and \ escapes, IsNull/IsPresent/IsNumeric/IsString/
// IsBoolean/IsTimestamp).
func Choose(rule map[string]any, input, context any, vars map[string]any) (bool, error) {
	return false, runtimeError("Choice rules are not evaluated yet")
}

// ValidateRule checks a Choice rule's shape and the types of its operands.
func ValidateRule(rule map[string]any) error {
	return nil
}
