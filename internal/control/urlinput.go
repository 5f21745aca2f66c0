package control

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// URLInput is the request body of CreateFunctionUrlConfig and
// UpdateFunctionUrlConfig; on Update a member left out keeps its value.
type URLInput struct {
	AuthType   string
	Cors       *lambda.Cors
	InvokeMode string
}

// urlQualifierPattern is the model's pattern for a function URL's
// Qualifier: an alias name, never a version number (nor $LATEST).
const urlQualifierPattern = `((?!^\d+$)^[0-9a-zA-Z-_]+$)`

var urlQualifierRE = regexp.MustCompile(`^[0-9a-zA-Z-_]+$`)

// checkURLQualifier accepts no qualifier or an alias name.
func checkURLQualifier(q string) error {
	switch {
	case q == "":
		return nil
	case len(q) > 128:
		return arn.ConstraintError(q, "qualifier", "Member must have length less than or equal to 128")
	case !urlQualifierRE.MatchString(q) || isVersionNumber(q):
		return arn.ConstraintError(q, "qualifier", "Member must satisfy regular expression pattern: "+urlQualifierPattern)
	}
	return nil
}

// checkURLInput applies the model's constraints; create tells that
// AuthType is required.
func checkURLInput(in URLInput, create bool) error {
	switch in.AuthType {
	case lambda.URLAuthNone, lambda.URLAuthIAM:
	case "":
		if create {
			return arn.ConstraintError(nil, "authType", "Member must not be null")
		}
	default:
		return arn.ConstraintError(in.AuthType, "authType", "Member must satisfy enum value set: [NONE, AWS_IAM]")
	}
	switch in.InvokeMode {
	case "", lambda.URLBuffered, lambda.URLStream:
	default:
		return arn.ConstraintError(in.InvokeMode, "invokeMode", "Member must satisfy enum value set: [RESPONSE_STREAM, BUFFERED]")
	}
	if in.Cors == nil {
		return nil
	}
	return checkCors(*in.Cors)
}

// listRule is the model's bound on a list of strings and on each string.
type listRule struct {
	field          string
	maxItems       int
	minLen, maxLen int
}

var (
	allowHeadersRule  = listRule{field: "cors.allowHeaders", maxItems: 100, maxLen: 1024}
	exposeHeadersRule = listRule{field: "cors.exposeHeaders", maxItems: 100, maxLen: 1024}
	allowMethodsRule  = listRule{field: "cors.allowMethods", maxItems: 6, maxLen: 6}
	allowOriginsRule  = listRule{field: "cors.allowOrigins", maxItems: 100, minLen: 1, maxLen: 253}
)

func (r listRule) check(values []string) error {
	if len(values) > r.maxItems {
		return arn.ConstraintError(javaList(values), r.field, fmt.Sprintf("Member must have length less than or equal to %d", r.maxItems))
	}
	for _, v := range values {
		if len(v) < r.minLen || len(v) > r.maxLen {
			return arn.ConstraintError(javaList(values), r.field, fmt.Sprintf(
				"Member must satisfy constraint: [Member must have length less than or equal to %d, Member must have length greater than or equal to %d]",
				r.maxLen, r.minLen))
		}
	}
	return nil
}

func checkCors(c lambda.Cors) error {
	for _, check := range []struct {
		rule   listRule
		values []string
	}{
		{allowHeadersRule, c.AllowHeaders}, {allowMethodsRule, c.AllowMethods},
		{allowOriginsRule, c.AllowOrigins}, {exposeHeadersRule, c.ExposeHeaders},
	} {
		if err := check.rule.check(check.values); err != nil {
			return err
		}
	}
	switch {
	case c.MaxAge == nil:
	case *c.MaxAge > 86400:
		return arn.ConstraintError(*c.MaxAge, "cors.maxAge", "Member must have value less than or equal to 86400")
	case *c.MaxAge < 0:
		return arn.ConstraintError(*c.MaxAge, "cors.maxAge", "Member must have value greater than or equal to 0")
	}
	return nil
}

// javaList spells a list the way AWS's validation messages quote one.
func javaList(values []string) string { return "[" + strings.Join(values, ", ") + "]" }
