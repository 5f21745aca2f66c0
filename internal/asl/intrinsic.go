package asl

// Intrinsic evaluates one intrinsic function call: all 18 (States.Format, StringToJson, JsonToString,
// Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique,
// Base64Encode, Base64Decode, Hash, JsonMerge, MathRandom, MathAdd, StringSplit, UUID), nested calls,
// quoting/escaping rules, AWS's error texts.
func Intrinsic(expr string, input, context any, vars map[string]any) (any, error) {
	return nil, intrinsicError("intrinsic functions are not evaluated yet: %s", expr)
}
