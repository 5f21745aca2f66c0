package httpevent

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func preflight(origin, method string) *http.Request {
	r, _ := http.NewRequest(http.MethodOptions, "http://h/", nil)
	r.Header.Set("Origin", origin)
	r.Header.Set("Access-Control-Request-Method", method)
	return r
}

func TestPreflight(t *testing.T) {
	maxAge := 300
	site := CORS{AllowOrigins: []string{"https://a.example"}, AllowMethods: []string{"GET", "POST"}, AllowHeaders: []string{"x-custom", "content-type"},
		ExposeHeaders: []string{"x-out"}, AllowCredentials: true, MaxAge: &maxAge}
	open := CORS{AllowOrigins: []string{"*"}, AllowMethods: []string{"*"}}
	tests := []struct {
		name string
		cors CORS
		r    *http.Request
		ok   bool
		want http.Header
	}{
		{"Allowed", site, preflight("https://a.example", "POST"), true, http.Header{
			"Access-Control-Allow-Origin": {"https://a.example"}, "Access-Control-Allow-Credentials": {"true"}, "Vary": {"Origin"},
			"Access-Control-Allow-Methods": {"GET,POST"}, "Access-Control-Allow-Headers": {"x-custom,content-type"}, "Access-Control-Max-Age": {"300"},
		}},
		{"OriginCaseFolded", site, preflight("HTTPS://A.EXAMPLE", "get"), true, http.Header{
			"Access-Control-Allow-Origin": {"HTTPS://A.EXAMPLE"}, "Access-Control-Allow-Credentials": {"true"}, "Vary": {"Origin"},
			"Access-Control-Allow-Methods": {"GET,POST"}, "Access-Control-Allow-Headers": {"x-custom,content-type"}, "Access-Control-Max-Age": {"300"},
		}},
		{"OtherOrigin", site, preflight("https://b.example", "GET"), false, http.Header{}},
		{"OtherMethod", site, preflight("https://a.example", "DELETE"), false, http.Header{}},
		{"Wildcards", open, preflight("https://any.example", "PATCH"), true, http.Header{
			"Access-Control-Allow-Origin": {"*"}, "Access-Control-Allow-Methods": {"*"},
		}},
		{"NothingConfigured", CORS{}, preflight("https://a.example", "GET"), false, http.Header{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if ok := tt.cors.Preflight(h, tt.r); ok != tt.ok {
				t.Errorf("allowed %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, h); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestApplyReplacesTheFunctions(t *testing.T) {
	c := CORS{AllowOrigins: []string{"https://a.example"}, ExposeHeaders: []string{"x-out"}}
	h := http.Header{"Access-Control-Allow-Origin": {"*"}, "Access-Control-Expose-Headers": {"x-mine"}, "Vary": {"Accept-Encoding"}}
	c.Apply(h, "https://a.example")
	want := http.Header{"Access-Control-Allow-Origin": {"https://a.example"}, "Access-Control-Expose-Headers": {"x-out"}, "Vary": {"Accept-Encoding", "Origin"}}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Errorf("allowed origin (-want +got):\n%s", diff)
	}
	h = http.Header{"Access-Control-Allow-Origin": {"*"}}
	c.Apply(h, "https://evil.example")
	if diff := cmp.Diff(http.Header{"Access-Control-Allow-Origin": {"*"}}, h); diff != "" {
		t.Errorf("other origin (-want +got):\n%s", diff)
	}
	if r := preflight("", "GET"); IsPreflight(r) {
		t.Error("a request without Origin is no preflight")
	}
}
