package httpevent

import (
	"errors"
	"net/http/httptest"
	"testing"
	"time"
)

func TestNewRequestV1(t *testing.T) {
	r := httptest.NewRequest("GET", "http://api.example/dev/users/a%20b?x=1&x=2", nil)
	r.Header.Add("X-Twice", "1")
	r.Header.Add("X-Twice", "2")
	ev := NewRequestV1(r, nil, Info{RawPath: "/dev/users/a%20b", Stage: "dev", SourceIP: "10.0.0.1", Time: time.Unix(0, 0)}, "/users/{name}", nil)
	switch {
	case ev.Path != "/dev/users/a b", ev.Resource != "/users/{name}", ev.RequestContext.ResourcePath != "/users/{name}":
		t.Errorf("paths %q %q", ev.Path, ev.Resource)
	case ev.Headers["x-twice"] != "2" || len(ev.MultiValueHeaders["x-twice"]) != 2:
		t.Errorf("headers %v %v", ev.Headers, ev.MultiValueHeaders)
	case ev.QueryStringParameters["x"] != "2" || len(ev.MultiValueQueryStringParameters["x"]) != 2:
		t.Errorf("query %v %v", ev.QueryStringParameters, ev.MultiValueQueryStringParameters)
	case ev.Body != nil || ev.Headers["x-forwarded-for"] != "10.0.0.1":
		t.Errorf("body %v, x-forwarded-for %q", ev.Body, ev.Headers["x-forwarded-for"])
	}
}

func TestParseResponseV1(t *testing.T) {
	r, err := ParseResponseV1([]byte(`{"statusCode":200,"headers":{"x-a":"1","x-b":"2"},"multiValueHeaders":{"x-a":["1","3"]},"cookies":["c=1"],"body":"ok"}`))
	if err != nil || r.Status != 200 || string(r.Body) != "ok" {
		t.Fatalf("got %+v, %v", r, err)
	}
	if r.Header.Get("X-B") != "2" || r.Header.Get("Set-Cookie") != "" || len(r.Header.Values("X-A")) < 2 {
		t.Errorf("headers %v", r.Header)
	}
	for _, bad := range []string{`"hello"`, `{"hello":"world"}`, `not json`} {
		if _, err := ParseResponseV1([]byte(bad)); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseResponseV1(%s) = %v, want ErrMalformed", bad, err)
		}
	}
}
