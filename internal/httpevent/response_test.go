package httpevent

import (
	"errors"
	"net/http"
	"testing"
)

func TestResponseV2(t *testing.T) {
	cases := []struct {
		name, payload, body string
		status              int
		header              http.Header
	}{
		{"Object", `{"statusCode":404,"headers":{"x-a":"1"},"cookies":["a=1","b=2"],"body":"nope"}`, "nope", 404,
			http.Header{"X-A": {"1"}, "Set-Cookie": {"a=1", "b=2"}}},
		{"Base64", `{"statusCode":200,"body":"aGk=","isBase64Encoded":true}`, "hi", 200, http.Header{}},
		{"BareObject", `{"hello":"world"}`, `{"hello":"world"}`, 200, http.Header{"Content-Type": {"application/json"}}},
		{"BareString", `"hello"`, "hello", 200, http.Header{"Content-Type": {"application/json"}}},
		{"BareNumber", `3.1`, "3.1", 200, http.Header{"Content-Type": {"application/json"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := ResponseV2([]byte(c.payload))
			if err != nil || r.Status != c.status || string(r.Body) != c.body || len(r.Header) != len(c.header) {
				t.Fatalf("got %+v, %v", r, err)
			}
			for k, v := range c.header {
				if got := r.Header.Values(k); len(got) != len(v) {
					t.Errorf("%s = %v, want %v", k, got, v)
				}
			}
		})
	}
	for _, bad := range []string{`not json`, `{"statusCode":"abc"}`, `{"statusCode":200,"body":{"a":1}}`, `{"statusCode":700}`} {
		if _, err := ResponseV2([]byte(bad)); !errors.Is(err, ErrMalformed) {
			t.Errorf("ResponseV2(%s) = %v, want ErrMalformed", bad, err)
		}
	}
}

func TestResponseV1(t *testing.T) {
	r, err := ResponseV1([]byte(`{"statusCode":200,"headers":{"x-a":"1","x-b":"2"},"multiValueHeaders":{"x-a":["1","3"]},"cookies":["c=1"],"body":"ok"}`))
	if err != nil || r.Status != 200 || string(r.Body) != "ok" {
		t.Fatalf("got %+v, %v", r, err)
	}
	if got := r.Header.Values("X-A"); len(got) != 2 || r.Header.Get("X-B") != "2" || r.Header.Get("Set-Cookie") != "" {
		t.Errorf("headers %v", r.Header)
	}
	for _, bad := range []string{`"hello"`, `{"hello":"world"}`} {
		if _, err := ResponseV1([]byte(bad)); !errors.Is(err, ErrMalformed) {
			t.Errorf("ResponseV1(%s) = %v, want ErrMalformed", bad, err)
		}
	}
}
