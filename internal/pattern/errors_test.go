package pattern

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	// Eleven "$or"s side by side expand to 2^11 combinations.
	var ors []string
	for i := range 11 {
		ors = append(ors, fmt.Sprintf(`"k%d": {"$or": [{"x": ["1"]}, {"y": ["2"]}]}`, i))
	}
	manyOrs := "{" + strings.Join(ors, ", ") + "}"
	for _, c := range []struct {
		name, pattern, reason string
	}{
		{"NotObject", `"x"`, "Filter is not an object"},
		{"Array", `[{"a": ["b"]}]`, "Filter is not an object"},
		{"EmptyObject", `{}`, "Empty objects are not allowed"},
		{"EmptyNestedObject", `{"a": {}}`, "Empty objects are not allowed"},
		{"Scalar", `{"a": "x"}`, `"a" must be an object or an array`},
		{"EmptyArray", `{"a": []}`, "Empty arrays are not allowed"},
		{"ArrayInArray", `{"a": [[1]]}`, "Match value must be String, number, true, false, or null"},
		{"EmptyExpression", `{"a": [{}]}`, "Match expression name not found"},
		{"UnknownOperator", `{"a": [{"foo": 1}]}`, "Unrecognized match type foo"},
		{"PrefixNotString", `{"a": [{"prefix": 1}]}`, "prefix match pattern must be a string"},
		{"SuffixNotString", `{"a": [{"suffix": null}]}`, "suffix match pattern must be a string"},
		{"TwoOperators", `{"a": [{"prefix": "x", "suffix": "y"}]}`, "Only one key allowed in match expression"},
		{"OperandBeforeArity", `{"a": [{"prefix": 1, "suffix": "y"}]}`, "prefix match pattern must be a string"},
		{"PrefixOfUnknown", `{"a": [{"prefix": {"foo": "x"}}]}`, "Unsupported prefix pattern: foo"},
		{"PrefixOfNothing", `{"a": [{"prefix": {}}]}`, "Prefix expression name not found"},
		{"SuffixIgnoreCaseNumber", `{"a": [{"suffix": {"equals-ignore-case": 5}}]}`, "equals-ignore-case match pattern must be a string"},
		{"EqualsIgnoreCaseNumber", `{"a": [{"equals-ignore-case": 5}]}`, "equals-ignore-case match pattern must be a string"},
		{"ExistsNotBool", `{"a": [{"exists": "yes"}]}`, "exists match pattern must be either true or false."},
		{"ExistsTwoKeys", `{"a": [{"exists": true, "prefix": "x"}]}`, "Only one key allowed in match expression"},
		{"ExactlyNotString", `{"a": [{"exactly": 1}]}`, "exact match pattern must be a string"},

		{"NumericNotArray", `{"a": [{"numeric": 5}]}`, "Value of numeric must be an array."},
		{"NumericEmpty", `{"a": [{"numeric": []}]}`, "Invalid member in numeric match: ]"},
		{"NumericNoOperator", `{"a": [{"numeric": [5]}]}`, "Invalid member in numeric match: 5"},
		{"NumericBadOperator", `{"a": [{"numeric": ["!", 5]}]}`, "Unrecognized numeric range operator: !"},
		{"NumericEqualsString", `{"a": [{"numeric": ["=", "5"]}]}`, "Value of equals must be numeric"},
		{"NumericMissingValue", `{"a": [{"numeric": [">"]}]}`, "Value of > must be numeric"},
		{"NumericEqualsRange", `{"a": [{"numeric": ["=", 5, "<", 6]}]}`, "Too many elements in numeric expression"},
		{"NumericUpperFirst", `{"a": [{"numeric": ["<", 5, ">", 1]}]}`, "Too many elements in numeric expression"},
		{"NumericBadUpper", `{"a": [{"numeric": [">", 0, 5]}]}`, "Bad value in numeric range: 5"},
		{"NumericWrongUpper", `{"a": [{"numeric": [">", 0, ">", 5]}]}`, "Bad numeric range operator: >"},
		{"NumericUpperMissing", `{"a": [{"numeric": [">", 0, "<"]}]}`, "Value of < must be numeric"},
		{"NumericTooManyTerms", `{"a": [{"numeric": [">", 0, "<", 5, 6]}]}`, "Too many terms in numeric range expression"},
		{"NumericEmptyRange", `{"a": [{"numeric": [">", 5, "<", 5]}]}`, "Bottom must be less than top"},
		{"NumericTooBig", `{"a": [{"numeric": [">", 6e9]}]}`, "Value must be between -5.0E9 and 5.0E9, inclusive"},
		{"NumericInfinite", `{"a": [{"numeric": ["<", -1e999]}]}`, "Value must be between -5.0E9 and 5.0E9, inclusive"},
		{"NumericExtraKey", `{"a": [{"numeric": [">", 1], "x": 1}]}`, "Too many elements in numeric expression"},

		{"AnythingButNull", `{"a": [{"anything-but": null}]}`, "Value of anything-but must be an array or single string/number value."},
		{"AnythingButBool", `{"a": [{"anything-but": [true]}]}`, "Inside anything but list, start|null|boolean is not supported."},
		{"AnythingButMixed", `{"a": [{"anything-but": ["a", 1]}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{"AnythingButEmpty", `{"a": [{"anything-but": []}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{"AnythingButNumberTooBig", `{"a": [{"anything-but": 1e10}]}`, "Value must be between -5.0E9 and 5.0E9, inclusive"},
		{"AnythingButNothing", `{"a": [{"anything-but": {}}]}`, "Anything-But expression name not found"},
		{"AnythingButUnknown", `{"a": [{"anything-but": {"numeric": [">", 1]}}]}`, "Unsupported anything-but pattern: numeric"},
		{"AnythingButEmptyPrefix", `{"a": [{"anything-but": {"prefix": ""}}]}`, "Null prefix/suffix not allowed"},
		{"AnythingButPrefixNumber", `{"a": [{"anything-but": {"prefix": 5}}]}`, "prefix/suffix match pattern must be a string"},
		{"AnythingButPrefixNull", `{"a": [{"anything-but": {"suffix": null}}]}`, "Value of anything-but must be an array or single string/number value."},
		{"AnythingButIgnoreCaseNumber", `{"a": [{"anything-but": {"equals-ignore-case": [5]}}]}`, "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."},
		{"AnythingButWildcard", `{"a": [{"anything-but": {"wildcard": "a**"}}]}`, "Consecutive wildcard characters at pos 2"},
		{"AnythingButTwoKeys", `{"a": [{"anything-but": {"prefix": "a", "suffix": "b"}}]}`, "Too many elements in numeric expression"},

		{"WildcardConsecutive", `{"key": [{"wildcard": "abc**def"}]}`, "Consecutive wildcard characters at pos 4"},
		{"WildcardBadEscape", `{"key": [{"wildcard": "a\\bc"}]}`, "Invalid escape character at pos 2"},
		{"WildcardTrailingBackslash", `{"key": [{"wildcard": "abc\\"}]}`, "Invalid escape character at pos 4"},
		{"WildcardNotString", `{"key": [{"wildcard": 5}]}`, "wildcard match pattern must be a string"},

		{"CidrNotString", `{"ip": [{"cidr": 5}]}`, "prefix match pattern must be a string"},
		{"CidrNoSlash", `{"ip": [{"cidr": "10.0.0.0"}]}`, "Malformed CIDR, one '/' required"},
		{"CidrTwoSlashes", `{"ip": [{"cidr": "10.0.0.0/8/8"}]}`, "Malformed CIDR, one '/' required"},
		{"CidrMaskNotInteger", `{"ip": [{"cidr": "10.0.0.0/x"}]}`, "Malformed CIDR, mask bits must be an integer"},
		{"CidrMaskNegative", `{"ip": [{"cidr": "10.0.0.0/-1"}]}`, "Malformed CIDR, mask bits must not be negative"},
		{"CidrNotAddress", `{"ip": [{"cidr": "foo/24"}]}`, "Nonstandard IP address: foo"},
		{"CidrBadAddress", `{"ip": [{"cidr": "999.0.0.1/8"}]}`, "Invalid IP address: 999.0.0.1"},
		{"CidrIPv4Mask", `{"ip": [{"cidr": "10.0.0.0/32"}]}`, "IPv4 mask bits must be < 32"},
		{"CidrIPv6Mask", `{"ip": [{"cidr": "::/128"}]}`, "IPv6 mask bits must be < 128"},

		{"OrNotArray", `{"$or": 5}`, "It must be an Array followed with $or."},
		{"OrNotObjects", `{"$or": [{"a": ["b"]}, "x"]}`, "Only JSON object is allowed in array of $or relationship."},
		{"OrOneBranch", `{"$or": [{"a": ["b"]}]}`, "There must have at least 2 Objects in $or relationship."},
		{"OrReserved", `{"$or": [{"prefix": ["b"]}, {"c": ["d"]}]}`, "prefix is Ruler reserved fieldName which cannot be used inside $or."},
		{"OrReservedNested", `{"$or": [{"x": {"numeric": ["b"]}}, {"c": ["d"]}]}`, "numeric is Ruler reserved fieldName which cannot be used inside $or."},
		{"OrBranchFault", `{"$or": [{"a": []}, {"c": ["d"]}]}`, "Empty arrays are not allowed"},
		{"OrCombinations", manyOrs, "Event pattern contains more than 1000 rule combinations"},

		{"TooLong", `{"a": ["` + strings.Repeat("x", 4096) + `"]}`, "Event pattern is longer than 4096 characters"},
		{"TooDeep", strings.Repeat(`{"a": `, 101) + `["x"]` + strings.Repeat("}", 101), "Pattern is nested more than 100 levels deep"},
		{"NotJSON", `{"a": [}`, "Filter is not valid JSON: invalid character '}' looking for beginning of value"},
		{"TrailingData", `{"a": ["b"]} x`, "Filter is not valid JSON: unexpected data after the top-level value"},
		{"Truncated", `{"a": ["b"]`, "Filter is not valid JSON: unexpected EOF"},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkError(t, c.pattern, "Event pattern is not valid. Reason: "+c.reason, c.reason)
		})
	}
}

func TestCompileErrorsSNS(t *testing.T) {
	for _, c := range []struct {
		name, pattern, message string
		opts                   []Option
	}{
		{"Wildcard", `{"a": [{"wildcard": "x*"}]}`, "Invalid parameter: FilterPolicy: Unrecognized match type wildcard", nil},
		{"AnythingButSuffix", `{"a": [{"anything-but": {"suffix": "x"}}]}`, "Invalid parameter: FilterPolicy: Unsupported anything-but pattern: suffix", nil},
		{"PrefixIgnoreCase", `{"a": [{"prefix": {"equals-ignore-case": "x"}}]}`, "Invalid parameter: FilterPolicy: prefix match pattern must be a string", nil},
		{"SixKeys", `{"a": [1], "b": [1], "c": [1], "d": [1], "e": [1], "f": [1]}`, "Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys", nil},
		{"NestedAttributes", `{"a": {"b": ["c"]}}`, "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy", nil},
		{"NestedInOr", `{"$or": [{"a": {"b": ["c"]}}, {"d": ["e"]}]}`, "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy", nil},
		{"TooComplex", `{"a": [1,2,3,4,5,6,7,8,9,10], "b": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]}`, "Invalid parameter: FilterPolicy: Filter policy is too complex", nil},
		{"TooComplexNested", `{"a": {"b": {"c": [1,2,3,4,5,6,7,8,9]}}, "d": {"e": [1,2,3]}}`, "Invalid parameter: FilterPolicy: Filter policy is too complex", []Option{MessageBody()}},
		{"TooComplexOr", `{"a": [1,2,3,4,5,6,7,8,9,10], "$or": [{"b": [1,2,3,4,5,6,7,8]}, {"c": [1,2,3,4,5,6,7,8]}]}`, "Invalid parameter: FilterPolicy: Filter policy is too complex", nil},
		{"NumberTooBig", `{"a": [{"numeric": [">", 2e9]}]}`, "Invalid parameter: FilterPolicy: Value must be between -1.0E9 and 1.0E9, inclusive", nil},
		{"EmptyArray", `{"a": []}`, "Invalid parameter: FilterPolicy: Empty arrays are not allowed", nil},
		{"NotObject", `[]`, "Invalid parameter: FilterPolicy: Filter is not an object", nil},
		{"TooLarge", `{"a": ["` + strings.Repeat("x", 256*1024) + `"]}`, "Invalid parameter: FilterPolicy: Filter policy is larger than 262144 bytes", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkError(t, c.pattern, c.message, "", append([]Option{SNS()}, c.opts...)...)
		})
	}
}

// TestSNSLimitsAccepted checks policies at SNS's documented limits compile.
func TestSNSLimitsAccepted(t *testing.T) {
	for _, c := range []struct {
		name, policy string
		opts         []Option
	}{
		{"FiveKeys", `{"a": [1], "b": [1], "c": [1], "d": [1], "e": [1]}`, nil},
		// 3 x 1 x 2 = 6, from the constraints page.
		{"Combinations", `{"key_a": ["value_one", "value_two", "value_three"], "key_b": ["value_one"], "key_c": ["value_one", "value_two"]}`, nil},
		// 4 values three deep and 3 values two deep: 3 x 4 x 2 x 3 = 72.
		{"NestedCombinations", `{"key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}},
			"key_d": {"key_e": ["value_one", "value_two", "value_three"]}}`, []Option{MessageBody()}},
		{"NestedKeysNotCounted", `{"state": ["SUCCESS"], "severity": [{"exists": true}], "message": [{"exists": true}],
			"finding": {"standard_control": [{"exists": true}], "region": [{"exists": true}], "account": [{"exists": true}]}}`, []Option{MessageBody()}},
		{"Or", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}]}`, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Compile([]byte(c.policy), append([]Option{SNS()}, c.opts...)...); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func checkError(t *testing.T, pattern, message, reason string, opts ...Option) {
	t.Helper()
	_, err := Compile([]byte(pattern), opts...)
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("Compile = %v, want an *Error", err)
	}
	if perr.Message != message || err.Error() != message {
		t.Errorf("Message = %q\nwant      %q", perr.Message, message)
	}
	if reason != "" && perr.Reason != reason {
		t.Errorf("Reason = %q, want %q", perr.Reason, reason)
	}
}
