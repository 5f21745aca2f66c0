package apigw

import (
	"context"
	"fmt"
	"strings"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// principal is the service a function's policy must let invoke it.
const principal = "apigateway.amazonaws.com"

// permitted checks that the function's resource-based policy lets API
// Gateway invoke it from sourceARN, as AWS requires before it invokes.
func (s *Server) permitted(ctx context.Context, ref arn.Function, sourceARN string) error {
	if ref.Account != s.cfg.Account {
		return fmt.Errorf("function %s belongs to account %s, not this server's", ref.Name, ref.Account)
	}
	if ref.Qualifier == lambda.LatestVersion {
		ref.Qualifier = ""
	}
	p, _, err := s.policies.GetPolicy(ctx, ref)
	if err != nil {
		return fmt.Errorf("policy of %s: %w", arn.Qualified(ref.Name, ref.Qualifier), err)
	}
	access := lambda.Access{Service: principal, Action: "lambda:InvokeFunction",
		Keys: map[string]string{"AWS:SourceArn": sourceARN, "AWS:SourceAccount": s.cfg.Account}}
	if !p.Allows(access) {
		return fmt.Errorf("the policy of %s does not let %s invoke it from %s", arn.Qualified(ref.Name, ref.Qualifier), principal, sourceARN)
	}
	return nil
}

// executeAPIARN is the execute-api ARN of a resource of the API.
func (s *Server) executeAPIARN(apiID, resource string) string {
	return "arn:aws:execute-api:" + s.cfg.Region + ":" + s.cfg.Account + ":" + apiID + "/" + resource
}

// sourceARN is the ARN an integration's invocation comes from:
// <api-id>/<stage>/<method>/<route path>, or <api-id>/<stage>/$default.
func (s *Server) sourceARN(x *exchange) string {
	resource := x.stage.StageName + "/"
	if x.match.route.RouteKey == defaultRoute {
		resource += defaultRoute
	} else {
		resource += x.r.Method + "/" + strings.TrimPrefix(x.match.key.path(), "/")
	}
	return s.executeAPIARN(x.api.APIID, resource)
}
