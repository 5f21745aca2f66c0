package policy

import (
	"fmt"
	"strings"
)

// operator is a condition operator taken apart: ForAllValues:StringNotLikeIfExists
// is the base StringLike, negated, over sets, tolerant of a missing key.
type operator struct {
	base     string // StringEquals, StringLike, NumericLessThan, Null, ...
	negated  bool   // the Not form: true when no value matches
	set      string // "", "ForAnyValue" or "ForAllValues"
	ifExists bool
}

// negations maps each negated operator to the positive one it negates.
var negations = map[string]string{
	"StringNotEquals":           "StringEquals",
	"StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
	"StringNotLike":             "StringLike",
	"NumericNotEquals":          "NumericEquals",
	"DateNotEquals":             "DateEquals",
	"NotIpAddress":              "IpAddress",
	"ArnNotEquals":              "ArnEquals",
	"ArnNotLike":                "ArnLike",
}

func parseOperator(name string) (operator, error) {
	var op operator
	rest := name
	if set, after, ok := strings.Cut(rest, ":"); ok {
		if set != "ForAnyValue" && set != "ForAllValues" {
			return op, fmt.Errorf("invalid Condition type: %s", name)
		}
		op.set, rest = set, after
	}
	if base, ok := strings.CutSuffix(rest, "IfExists"); ok && base != "Null" {
		op.ifExists, rest = true, base
	}
	if positive, ok := negations[rest]; ok {
		op.negated, rest = true, positive
	}
	if _, ok := comparisons[rest]; !ok && rest != "Null" {
		return op, fmt.Errorf("invalid Condition type: %s", name)
	}
	op.base = rest
	return op, nil
}
