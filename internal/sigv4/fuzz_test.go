package sigv4

import (
	"net/http"
	"net/url"
	"testing"
)

func FuzzParseHeader(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc", "20260101T000000Z")
	f.Add("AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=, Signature", "")
	f.Add("AWS4-HMAC-SHA256 ,,, Credential==/////", "Thu, 01 Jan 2026 00:10:00 GMT")
	f.Add("Bearer x", "x")
	f.Fuzz(func(t *testing.T, auth, date string) {
		h := http.Header{"X-Amz-Date": {date}}
		sig, err := parseHeader(auth, h)
		if err != nil {
			return
		}
		if sig.cred.accessKeyID == "" && sig.cred.scope == "" || sig.signature == "" || sig.signedHeaders == "" {
			t.Fatalf("accepted incomplete header %q: %+v", auth, sig)
		}
		_ = sig.checkScope()
	})
}

func FuzzParseQuery(f *testing.F) {
	f.Add("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Flambda%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=600&X-Amz-SignedHeaders=host&X-Amz-Signature=ab")
	f.Add("X-Amz-Algorithm=&X-Amz-Expires=99999999999999999999")
	f.Add("X-Amz-Credential=%zz&&=&X-Amz-Date")
	f.Fuzz(func(t *testing.T, raw string) {
		sig, err := parseQuery(raw)
		if err == nil {
			_ = sig.checkScope()
		}
		_ = appendQuery(nil, raw, true, &scratch{})
	})
}

// FuzzVerify runs whole verifications of arbitrary requests: no panics.
func FuzzVerify(f *testing.F) {
	f.Add("PUT", "/2015-03-31/functions/fn%3A1/configuration", "", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=00", "20260101T001000Z", []byte("{}"))
	f.Add("GET", "/a//../b", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Fus-east-1%2Flambda%2Faws4_request&X-Amz-Date=20260101T001000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00", "", "", []byte(nil))
	v := NewVerifier(lookup)
	f.Fuzz(func(t *testing.T, method, path, query, auth, date string, body []byte) {
		r := &http.Request{Method: method, URL: &url.URL{Path: path, RawQuery: query}, RequestURI: path + "?" + query,
			Host: "127.0.0.1:9000", Header: http.Header{"Authorization": {auth}, "X-Amz-Date": {date}}}
		_, err := v.Verify(r, body, signTime)
		if err == nil && auth == "" && query == "" {
			t.Fatal("unsigned request verified")
		}
	})
}
