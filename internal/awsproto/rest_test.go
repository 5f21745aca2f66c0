package awsproto

import (
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
)

func TestRoutes(t *testing.T) {
	ops := []Operation{
		{Name: "ListFunctions", Route: "GET /2015-03-31/functions"},
		{Name: "GetFunction", Route: "GET /2015-03-31/functions/{name}"},
		{Name: "GetAlias", Route: "GET /2015-03-31/functions/{name}/aliases/{alias}"},
		{Name: "ListAliases", Route: "GET /2015-03-31/functions/{name}/aliases"},
		{Name: "ListLayers", Route: "GET /2018-10-31/layers"},
		{Name: "Literal", Route: "GET /2018-10-31/layers/latest"},
		{Name: "GetLayer", Route: "GET /2018-10-31/layers/{layer}"},
		{Name: "ListTags", Route: "GET /2017-03-31/tags/{arn}"},
	}
	rs := newRoutes(ops)
	tests := []struct {
		name, method, target, want string
		values                     map[string]string
	}{
		{"Plain", "GET", "/2015-03-31/functions", "ListFunctions", nil},
		{"TrailingSlash", "GET", "/2015-03-31/functions/", "ListFunctions", nil},
		{"Label", "GET", "/2015-03-31/functions/f", "GetFunction", map[string]string{"name": "f"}},
		{"TwoLabels", "GET", "/2015-03-31/functions/f/aliases/live", "GetAlias", map[string]string{"name": "f", "alias": "live"}},
		{"HeadIsGet", "HEAD", "/2015-03-31/functions/f/aliases", "ListAliases", map[string]string{"name": "f"}},
		{"LiteralWins", "GET", "/2018-10-31/layers/latest", "Literal", nil},
		{"WildcardOtherwise", "GET", "/2018-10-31/layers/other", "GetLayer", map[string]string{"layer": "other"}},
		{"EscapedLabel", "GET", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af", "ListTags",
			map[string]string{"arn": "arn:aws:lambda:us-east-1:1:function:f"}},
		{"EscapedSlashStaysInLabel", "GET", "/2015-03-31/functions/a%2Fb", "GetFunction", map[string]string{"name": "a/b"}},
		{"WrongMethod", "POST", "/2015-03-31/functions/f/aliases/live", "", nil},
		{"TooLong", "GET", "/2015-03-31/functions/f/x/y/z/w", "", nil},
		{"EmptyLabel", "GET", "/2015-03-31/functions//aliases", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, nil)
			op, err := rs.find(r)
			if tt.want == "" {
				if !errors.Is(err, aws.ErrNotFound) {
					t.Fatalf("find = %v, %v; want not found", op, err)
				}
				return
			}
			if err != nil || op.Name != tt.want {
				t.Fatalf("find = %v, %v; want %s", op, err, tt.want)
			}
			for k, v := range tt.values {
				if got := r.PathValue(k); got != v {
					t.Errorf("PathValue(%q) = %q, want %q", k, got, v)
				}
			}
		})
	}
}
