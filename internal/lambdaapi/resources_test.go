package lambdaapi

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/sigv4"
)

func TestResources(t *testing.T) {
	s := New(Config{Region: "us-east-1", Account: "111122223333"}, Backends{})
	call := func(target string, values map[string]string, body string) *awsproto.Call {
		r := httptest.NewRequest("GET", target, strings.NewReader(body))
		for k, v := range values {
			r.SetPathValue(k, v)
		}
		return &awsproto.Call{R: r, Body: []byte(body), Identity: sigv4.Identity{Key: sigv4.Key{Account: "111122223333"}}}
	}
	fn := "arn:aws:lambda:us-east-1:111122223333:function:"
	cases := []struct {
		name     string
		resource func(*awsproto.Call) (string, error)
		c        *awsproto.Call
		want     string
	}{
		{"PlainName", s.functionResource, call("/x", map[string]string{"name": "orders"}, ""), fn + "orders"},
		{"Qualifier", s.functionResource, call("/x?Qualifier=live", map[string]string{"name": "orders"}, ""), fn + "orders:live"},
		{"QualifiedName", s.functionResource, call("/x", map[string]string{"name": "orders:7"}, ""), fn + "orders:7"},
		{"FullARN", s.functionResource, call("/x", map[string]string{"name": "arn:aws:lambda:eu-west-1:444455556666:function:f"}, ""),
			"arn:aws:lambda:eu-west-1:444455556666:function:f"},
		{"NewFunction", s.newFunctionResource, call("/x", nil, `{"FunctionName":"made"}`), fn + "made"},
		{"NewFunctionUnreadable", s.newFunctionResource, call("/x", nil, `{`), "*"},
		{"Layer", s.layerResource, call("/x", map[string]string{"layer": "deps"}, ""), "arn:aws:lambda:us-east-1:111122223333:layer:deps"},
		{"LayerVersion", s.layerResource, call("/x", map[string]string{"layer": "deps", "version": "3"}, ""), "arn:aws:lambda:us-east-1:111122223333:layer:deps:3"},
		{"Tagged", taggedResource, call("/x", map[string]string{"arn": fn + "orders"}, ""), fn + "orders"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.resource(tc.c)
			if err != nil || got != tc.want {
				t.Errorf("resource = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if _, err := s.functionResource(call("/x", map[string]string{"name": "bad name"}, "")); err == nil {
		t.Error("an invalid name was given a resource")
	}
}
