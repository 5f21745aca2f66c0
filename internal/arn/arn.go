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

// Shape is which of the Lambda model's function-name members a field is:
// each operation names its function with one of them, and AWS's messages
// quote that member's pattern as AWS checks it today (newer than the
// botocore model's: it knows the eusc- regions, and namespaced names may
// hold dots and the $LATEST.PUBLISHED qualifier).
type Shape int

const (
	// Plain is FunctionName: a name, partial or full ARN, maybe qualified.
	Plain Shape = iota
	// Namespaced is NamespacedFunctionName, the form of the operations that
	// read or invoke a function.
	Namespaced
	// Unqualified is UnqualifiedFunctionName: no qualifier allowed.
	Unqualified
)

const regionPattern = `((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?`

// nameShape is the pattern AWS quotes for a shape, its maximum length and
// the anchored expression that parses a value into its parts.
type nameShape struct {
	pattern string
	max     int
	re      *regexp.Regexp
}

// shapes holds, per shape, the pattern AWS quotes, the maximum length and
// the anchored expression that parses a value into its parts.
var shapes = map[Shape]nameShape{
	Plain:       shape(`([a-zA-Z0-9-_]+)`, `(:(\$LATEST|[a-zA-Z0-9-_]+))?`, 140),
	Namespaced:  shape(`([a-zA-Z0-9-_\.]+)`, `(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`, 256),
	Unqualified: shape(`([a-zA-Z0-9-_]+)`, ``, 140),
}

func shape(name, qualifier string, max int) nameShape {
	pattern := `(arn:(aws[a-zA-Z-]*)?:lambda:)?` + regionPattern + `(\d{12}:)?(function:)?` + name + qualifier
	parse := `^(?:arn:(?P<partition>aws[a-zA-Z-]*)?:lambda:)?` +
		`(?:(?P<region>(?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}):)?` +
		`(?:(?P<account>\d{12}):)?(?:function:)?(?P<name>` + name[1:len(name)-1] + `)`
	if qualifier != "" {
		inner := strings.TrimSuffix(strings.TrimPrefix(qualifier, `(:(`), `))?`)
		parse += `(?::(?P<qualifier>` + inner + `))?`
	}
	return nameShape{pattern, max, regexp.MustCompile(parse + `$`)}
}

// Qualifier patterns: the one of the operations on namespaced names, and
// the older one of the rest (provisioned concurrency).
const (
	qualifierPattern           = `(|[a-zA-Z0-9$_-]+)`
	namespacedQualifierPattern = `\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`
)

var (
	qualifierRE           = regexp.MustCompile(`^(?:` + qualifierPattern + `)$`)
	namespacedQualifierRE = regexp.MustCompile(`^(?:\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+)$`)
	plainNameRE           = regexp.MustCompile(`^[a-zA-Z0-9-_]+$`)
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
func ParseFunction(s, field string) (Function, error) { return ParseFunctionShape(s, field, Plain) }

// ParseFunctionShape parses a function-name member of the given shape. A
// full ARN without the name ("…:function") names the function "function",
// as on AWS.
func ParseFunctionShape(s, field string, sh Shape) (Function, error) {
	spec := shapes[sh]
	if len(s) < 1 || len(s) > spec.max {
		return Function{}, lengthError(s, field, spec.max)
	}
	if isPlainName(s) { // the common case, without the expression
		return Function{Name: s}, nil
	}
	m := spec.re.FindStringSubmatch(s)
	if m == nil {
		return Function{}, patternError(s, field, spec.pattern)
	}
	f := Function{}
	for i, name := range spec.re.SubexpNames() {
		switch name {
		case "partition":
			f.Partition = m[i]
		case "region":
			f.Region = m[i]
		case "account":
			f.Account = m[i]
		case "name":
			f.Name = m[i]
		case "qualifier":
			f.Qualifier = m[i]
		}
	}
	return f, nil
}

// isPlainName reports whether s is made only of the characters every
// shape allows in a bare function name, and so is one.
func isPlainName(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ValidateQualifier checks a Qualifier member of the older pattern.
func ValidateQualifier(q string) error { return validateQualifier(q, qualifierRE, qualifierPattern) }

// ValidateNamespacedQualifier checks the Qualifier of an operation on a
// namespaced function name.
func ValidateNamespacedQualifier(q string) error {
	return validateQualifier(q, namespacedQualifierRE, namespacedQualifierPattern)
}

func validateQualifier(q string, re *regexp.Regexp, pattern string) error {
	if len(q) < 1 || len(q) > 128 {
		return lengthError(q, "qualifier", 128)
	}
	if !re.MatchString(q) {
		return patternError(q, "qualifier", pattern)
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

// NullError renders a required member that is missing.
func NullError(field string) error {
	return aws.Errorf(aws.ErrValidation,
		"1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", field)
}

// ConstraintError renders a validation failure for any constraint, for callers that
// check other members the same way.
func ConstraintError(v any, field, constraint string) error {
	return aws.Errorf(aws.ErrValidation,
		"1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s", v, field, constraint)
}
