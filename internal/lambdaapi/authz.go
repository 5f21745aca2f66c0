package lambdaapi

import (
	"context"
	"errors"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// authorize decides whether a caller from another account than the
// administrator's, who owns every function, may perform the operation,
// before any handler runs. Such a caller may invoke a function, version or
// alias whose own resource-based policy lets it; a function named without
// an account is one of its own, and it has none.
func (s *Server) authorize(ac *awsproto.Call) error {
	c := &call{Call: ac}
	caller, action := c.Account(), c.Operation.Name
	ref, named, err := c.resource()
	switch {
	case err != nil:
		return err
	case !named:
		return aws.AccessDenied(caller, "lambda:"+action, "*", false)
	}
	owner, region := or(ref.Account, caller), or(ref.Region, s.cfg.Region)
	fnARN := arn.Qualified(arn.FunctionARN(region, owner, ref.Name), ref.Qualifier)
	if owner != s.cfg.Account {
		return aws.Errorf(aws.ErrNotFound, "Function not found: %s", fnARN)
	}
	if action == "InvokeFunction" {
		allowed, err := s.invokeAllowed(c.R.Context(), ref, caller)
		if err != nil || allowed {
			return err
		}
	}
	return aws.AccessDenied(caller, "lambda:"+action, fnARN, true)
}

// resource is the function a request names in its path, if it names one.
func (c *call) resource() (arn.Function, bool, error) {
	switch {
	case c.R.PathValue("name") != "":
		ref, err := c.function()
		return ref, err == nil, err
	case c.R.PathValue("arn") != "":
		ref, err := arn.ParseFunction(c.R.PathValue("arn"), "resource")
		return ref, err == nil, err
	}
	return arn.Function{}, false, nil
}

// invokeAllowed reports whether the policy of what ref names (the function
// itself when unqualified or $LATEST) lets account invoke it.
func (s *Server) invokeAllowed(ctx context.Context, ref arn.Function, account string) (bool, error) {
	if ref.Qualifier == lambda.LatestVersion {
		ref.Qualifier = ""
	}
	p, _, err := s.policies.GetPolicy(ctx, ref)
	if errors.Is(err, aws.ErrNotFound) {
		return false, nil // no policy, or no function: both are a refusal
	}
	if err != nil {
		return false, err
	}
	for _, st := range p.Statement {
		if grants(st, account, "lambda:InvokeFunction") {
			return true, nil
		}
	}
	return false, nil
}

// grants reports whether a statement allows the root user of account to
// perform action by calling the API itself.
func grants(st lambda.Statement, account, action string) bool {
	a := st.Action
	return st.Effect == "Allow" && (a == "*" || strings.EqualFold(a, "lambda:*") || strings.EqualFold(a, action)) &&
		principalIs(st.Principal, account) && conditionsHold(st.Condition, account)
}

func principalIs(p any, account string) bool {
	switch p := p.(type) {
	case string:
		return p == "*"
	case map[string]any:
		id, _ := p["AWS"].(string)
		return id == "*" || id == account || id == "arn:aws:iam::"+account+":root"
	}
	return false
}

// conditionsHold checks a statement's conditions against a direct call,
// whose only known key is the caller's account: keys it does not carry
// (source ARN, organization, token, function URL) fail, as on AWS.
func conditionsHold(cond map[string]map[string]string, account string) bool {
	for op, keys := range cond {
		for k, v := range keys {
			if op != "StringEquals" || !strings.EqualFold(k, "AWS:SourceAccount") || v != account {
				return false
			}
		}
	}
	return true
}

func or(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}
