package apigw

import (
	"net/http/httptest"
	"testing"

	"github.com/virga-dev/virga/internal/awsproto"
)

// TestResources judges each route by its method and path, as AWS does.
func TestResources(t *testing.T) {
	s := &Server{cfg: Config{Region: "us-east-1"}}
	for _, tc := range []struct{ route, path, action, resource string }{
		{"POST /v2/apis", "/v2/apis", "apigateway:POST", "arn:aws:apigateway:us-east-1::/apis"},
		{"PATCH /v2/apis/{apiId}/routes/{routeId}", "/v2/apis/a1/routes/r1", "apigateway:PATCH", "arn:aws:apigateway:us-east-1::/apis/a1/routes/r1"},
	} {
		op := s.judged([]awsproto.Operation{{Route: tc.route}})[0]
		got, err := op.Resource(&awsproto.Call{R: httptest.NewRequest("GET", tc.path, nil)})
		if op.Action != tc.action || err != nil || got != tc.resource {
			t.Errorf("%s: %s on %q (%v), want %s on %s", tc.route, op.Action, got, err, tc.action, tc.resource)
		}
	}
}
