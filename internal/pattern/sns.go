package pattern

import (
	"bytes"
	"encoding/json"
	"strings"
)

// checkPolicy enforces SNS's own limits on a filter policy: five keys at the
// top level, no nesting under the attributes scope, and 150 combinations.
func (d dialect) checkPolicy(root jnode) *Error {
	if len(root.members) > maxPolicyKeys {
		return d.tooBig("Filter policy can not have more than %d keys", maxPolicyKeys)
	}
	if !d.body && nested(root.members) {
		reason := "Filter policy scope MessageAttributes does not support nested filter policy"
		return &Error{Message: "Invalid parameter: " + reason, Reason: reason}
	}
	if combinations(root.members, 1, 1) > maxPolicyCombos {
		return d.tooBig("Filter policy is too complex")
	}
	return nil
}

// nested reports whether a key's value is an object, "$or" branches aside.
func nested(members []member) bool {
	for _, m := range members {
		if m.val.kind == jObject {
			return true
		}
		if m.key == "$or" && m.val.kind == jArray {
			for _, b := range m.val.elems {
				if nested(b.members) {
					return true
				}
			}
		}
	}
	return false
}

// combinations counts a policy's value combinations as SNS documents them:
// the product of the lengths of its value lists, each multiplied by the depth
// it sits at, with the branches of a "$or" adding up. The count stops
// growing once it is past the limit.
func combinations(members []member, depth, combos int) int {
	for _, m := range members {
		switch {
		case combos > maxPolicyCombos:
			return combos
		case m.val.kind == jObject:
			combos = combinations(m.val.members, depth+1, combos)
		case m.key == "$or" && m.val.kind == jArray:
			sum := 0
			for _, b := range m.val.elems {
				sum += combinations(b.members, depth, combos)
			}
			combos = sum
		case m.val.kind == jArray:
			combos *= len(m.val.elems) * depth
		}
	}
	return combos
}

// AttributeValue is the value an SNS message attribute takes in the event
// given to MatchValue under the MessageAttributes scope: a String is a
// string, a Number a json.Number, a String.Array its decoded JSON array. A
// Binary attribute, which filter policies ignore, gives false.
func AttributeValue(dataType, value string) (any, bool) {
	switch {
	case dataType == "String.Array":
		dec := json.NewDecoder(bytes.NewReader([]byte(value)))
		dec.UseNumber()
		var arr []any
		if err := dec.Decode(&arr); err != nil || arr == nil {
			return nil, false
		}
		return arr, true
	case strings.HasPrefix(dataType, "Number"):
		return json.Number(value), true
	case strings.HasPrefix(dataType, "String"):
		return value, true
	}
	return nil, false
}
