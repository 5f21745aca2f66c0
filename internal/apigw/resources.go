package apigw

import (
	"strings"

	"github.com/virga-dev/virga/internal/awsproto"
)

// IAM judges API Gateway's management calls as AWS does: the action is the
// HTTP method ("apigateway:POST") and the resource the path it acts on,
// without the /v2 version, in the region and no account
// (arn:aws:apigateway:us-east-1::/apis/ID/routes/RID); tags are
// …::/tags/URL-ENCODED-ARN.

// judged names each operation's IAM action and resource.
func (s *Server) judged(ops []awsproto.Operation) []awsproto.Operation {
	for i := range ops {
		method, _, _ := strings.Cut(ops[i].Route, " ")
		ops[i].Action = "apigateway:" + method
		ops[i].Resource = s.pathResource
	}
	return ops
}

// pathResource is the resource a call's path names.
func (s *Server) pathResource(c *awsproto.Call) (string, error) {
	return "arn:aws:apigateway:" + s.cfg.Region + "::" + strings.TrimPrefix(c.R.URL.EscapedPath(), "/v2"), nil
}
