package control

import (
	"fmt"
	"regexp"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
)

var (
	accountPrincipalRE = regexp.MustCompile(`^\d{12}$`)
	iamPrincipalRE     = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:(iam|sts)::\d{12}:\S+$`)
	// servicePrincipalRE is an AWS service's principal: its name under
	// amazonaws.com (amazonaws.com.cn in China) or, for Alexa, amazon.com.
	// AWS refuses other domains.
	servicePrincipalRE = regexp.MustCompile(`^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$`)
)

// principalOf maps AddPermission's Principal to a statement's: a service,
// an account (its root user), an IAM ARN, or anyone.
func principalOf(p string) (any, error) {
	switch {
	case p == "*":
		return "*", nil
	case accountPrincipalRE.MatchString(p):
		return map[string]string{"AWS": "arn:aws:iam::" + p + ":root"}, nil
	case iamPrincipalRE.MatchString(p):
		return map[string]string{"AWS": p}, nil
	case servicePrincipalRE.MatchString(p):
		return map[string]string{"Service": p}, nil
	}
	return nil, aws.Errorf(aws.ErrInvalid, "The provided principal was invalid. Please check the principal and try again.")
}

// conditions maps AddPermission's optional members to a statement's
// Condition, or nil when there are none.
func conditions(in PermissionInput) map[string]map[string]string {
	c := map[string]map[string]string{}
	add := func(op, key, v string) {
		if v == "" {
			return
		}
		if c[op] == nil {
			c[op] = map[string]string{}
		}
		c[op][key] = v
	}
	add("ArnLike", "AWS:SourceArn", in.SourceArn)
	add("StringEquals", "AWS:SourceAccount", in.SourceAccount)
	add("StringEquals", "aws:PrincipalOrgID", in.PrincipalOrgID)
	add("StringEquals", "lambda:EventSourceToken", in.EventSourceToken)
	add("StringEquals", "lambda:FunctionUrlAuthType", in.FunctionUrlAuthType)
	if in.InvokedViaFunctionUrl {
		add("Bool", "lambda:InvokedViaFunctionUrl", "true")
	}
	if len(c) == 0 {
		return nil
	}
	return c
}

// member is a string member of a request and its model constraints.
type member struct {
	field   string
	max     int
	pattern string
	re      *regexp.Regexp
}

func newMember(field string, max int, pattern string) member {
	return member{field: field, max: max, pattern: pattern, re: regexp.MustCompile(`^(?:` + pattern + `)$`)}
}

var (
	addStatementID    = newMember("statementId", 100, `([a-zA-Z0-9-_]+)`)
	removeStatementID = newMember("statementId", 100, `([a-zA-Z0-9-_.]+)`)
	actionMember      = newMember("action", 0, `(lambda:[*]|lambda:[a-zA-Z]+|[*])`)
	principalMember   = newMember("principal", 0, `[^\s]+`)
	sourceArnMember   = newMember("sourceArn", 0, `arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`)
	sourceAccount     = newMember("sourceAccount", 12, `\d{12}`)
	eventSourceToken  = newMember("eventSourceToken", 256, `[a-zA-Z0-9._\-]+`)
	principalOrgID    = newMember("principalOrgID", 34, `o-[a-z0-9]{10,32}`)
)

// check applies the constraints to v; "" is an absent member.
func (m member) check(v string, required bool) error {
	switch {
	case v == "" && required:
		return arn.ConstraintError(nil, m.field, "Member must not be null")
	case v == "":
		return nil
	case m.max > 0 && len(v) > m.max:
		return arn.ConstraintError(v, m.field, fmt.Sprintf("Member must have length less than or equal to %d", m.max))
	case !m.re.MatchString(v):
		return arn.ConstraintError(v, m.field, "Member must satisfy regular expression pattern: "+m.pattern)
	}
	return nil
}

func checkPermission(in PermissionInput) error {
	checks := []error{
		addStatementID.check(in.StatementId, true),
		actionMember.check(in.Action, true),
		principalMember.check(in.Principal, true),
		sourceArnMember.check(in.SourceArn, false),
		sourceAccount.check(in.SourceAccount, false),
		eventSourceToken.check(in.EventSourceToken, false),
		principalOrgID.check(in.PrincipalOrgID, false),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	switch in.FunctionUrlAuthType {
	case "", "NONE", "AWS_IAM":
		return nil
	}
	return arn.ConstraintError(in.FunctionUrlAuthType, "functionUrlAuthType", "Member must satisfy enum value set: [NONE, AWS_IAM]")
}
