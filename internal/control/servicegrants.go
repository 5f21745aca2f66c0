package control

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// ServiceMayInvoke reports whether the resource-based policy of what ref
// names (the function itself when unqualified or $LATEST) lets a service
// principal ("sns.amazonaws.com") invoke it for a source: a statement
// that allows lambda:InvokeFunction to that principal, whose conditions
// on the source's ARN (ArnLike, ArnEquals) and account (StringEquals)
// hold. As on AWS, a function without a policy refuses every service.
func (s *Service) ServiceMayInvoke(ctx context.Context, ref arn.Function, principal, sourceARN, sourceAccount string) (bool, error) {
	if ref.Qualifier == lambda.LatestVersion {
		ref.Qualifier = ""
	}
	p, _, err := s.GetPolicy(ctx, ref)
	if errors.Is(err, aws.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, st := range p.Statement {
		if st.Effect == "Allow" && invokeAction(st.Action) && servicePrincipal(st.Principal, principal) &&
			sourceConditionsHold(st.Condition, sourceARN, sourceAccount) {
			return true, nil
		}
	}
	return false, nil
}

func invokeAction(a string) bool {
	return a == "*" || strings.EqualFold(a, "lambda:*") || strings.EqualFold(a, "lambda:InvokeFunction")
}

func servicePrincipal(p any, service string) bool {
	switch p := p.(type) {
	case string:
		return p == "*"
	case map[string]any:
		return p["Service"] == service || p["AWS"] == "*"
	case map[string]string:
		return p["Service"] == service || p["AWS"] == "*"
	}
	return false
}

// sourceConditionsHold checks a statement's conditions against a service's
// invocation on behalf of a source; keys it does not carry fail.
func sourceConditionsHold(cond map[string]map[string]string, sourceARN, sourceAccount string) bool {
	for op, keys := range cond {
		for k, v := range keys {
			key := strings.ToLower(k)
			switch {
			case key == "aws:sourcearn" && (op == "ArnLike" || op == "StringLike"):
				if ok, _ := path.Match(strings.ReplaceAll(v, "/", "\x00"), strings.ReplaceAll(sourceARN, "/", "\x00")); !ok {
					return false
				}
			case key == "aws:sourcearn" && (op == "ArnEquals" || op == "StringEquals"):
				if v != sourceARN {
					return false
				}
			case key == "aws:sourceaccount" && op == "StringEquals":
				if v != sourceAccount {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}
