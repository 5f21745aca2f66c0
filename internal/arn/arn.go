// Package arn parses and builds the identifiers Lambda accepts: for
// functions, plain names, partial ARNs and full ARNs, each optionally with a
// qualifier; for layers, names, layer ARNs and layer version ARNs.
package arn

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// Patterns from the Lambda API model, anchored.
const (
	functionNamePattern = `(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`
	qualifierPattern    = `(|[a-zA-Z0-9$_-]+)`
)

var (
	functionNameRE = regexp.MustCompile(`^(?:` + functionNamePattern + `)$`)
	qualifierRE    = regexp.MustCompile(`^(?:` + qualifierPattern + `)$`)
	plainNameRE    = regexp.MustCompile(`^[a-zA-Z0-9-_]+$`)
)

// Function is a parsed function identifier. Region and Account are empty when
// the caller gave a plain name.
type Function struct {
	Partition string
	Region    string
	Account   string
	Name      string
	Qualifier string
}

// ParseFunction parses a FunctionName member as the Lambda API accepts it.
// field is the wire name used in validation messages ("functionName").
func ParseFunction(s, field string) (Function, error) {
	if len(s) < 1 || len(s) > 140 {
		return Function{}, lengthError(s, field, 140)
	}
	if !functionNameRE.MatchString(s) {
		return Function{}, patternError(s, field, functionNamePattern)
	}
	parts := strings.Split(s, ":")
	var f Function
	switch {
	case parts[0] == "arn":
		if len(parts) < 7 || parts[5] != "function" {
			return Function{}, patternError(s, field, functionNamePattern)
		}
		f = Function{Partition: parts[1], Region: parts[3], Account: parts[4], Name: parts[6]}
		parts = parts[7:]
	case len(parts) >= 3 && parts[1] == "function":
		f = Function{Account: parts[0], Name: parts[2]}
		parts = parts[3:]
	default:
		f = Function{Name: parts[0]}
		parts = parts[1:]
	}
	if len(parts) > 1 || f.Name == "" {
		return Function{}, patternError(s, field, functionNamePattern)
	}
	if len(parts) == 1 {
		f.Qualifier = parts[0]
	}
	return f, nil
}

// ValidateQualifier checks a Qualifier member.
func ValidateQualifier(q string) error {
	if len(q) < 1 || len(q) > 128 {
		return lengthError(q, "qualifier", 128)
	}
	if !qualifierRE.MatchString(q) {
		return patternError(q, "qualifier", qualifierPattern)
	}
	return nil
}

// ValidName reports whether s is a plain function name (no ARN, no qualifier).
func ValidName(s string) bool { return len(s) <= 64 && plainNameRE.MatchString(s) }

// FunctionARN is the unqualified ARN of a function.
func FunctionARN(region, account, name string) string {
	return "arn:aws:lambda:" + region + ":" + account + ":function:" + name
}

// Qualified appends a qualifier to a function ARN when there is one.
func Qualified(functionARN, qualifier string) string {
	if qualifier == "" {
		return functionARN
	}
	return functionARN + ":" + qualifier
}

func patternError(v, field, pattern string) error {
	return aws.Errorf(aws.ErrValidation,
		"1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s",
		v, field, pattern)
}

func lengthError(v, field string, max int) error {
	if v == "" {
		return ConstraintError(v, field, "Member must have length greater than or equal to 1")
	}
	return ConstraintError(v, field, fmt.Sprintf("Member must have length less than or equal to %d", max))
}

// CheckRange refuses a number outside lo–hi as the model's range
// constraint does; nil (a member not sent) passes.
func CheckRange(n *int, field string, lo, hi int) error {
	switch {
	case n == nil:
		return nil
	case *n < lo:
		return ConstraintError(*n, field, fmt.Sprintf("Member must have value greater than or equal to %d", lo))
	case *n > hi:
		return ConstraintError(*n, field, fmt.Sprintf("Member must have value less than or equal to %d", hi))
	}
	return nil
}

// ConstraintError renders a validation failure for any constraint, for callers that
// check other members the same way.
func ConstraintError(v any, field, constraint string) error {
	return aws.Errorf(aws.ErrValidation,
		"1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s", v, field, constraint)
}
