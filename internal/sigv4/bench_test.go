package sigv4

import (
	"testing"
)

// BenchmarkVerify is a warm Invoke: the signing key is cached, so the cost is
// the canonical request, two SHA-256 passes and one HMAC.
func BenchmarkVerify(b *testing.B) {
	body := []byte(`{"hello":"world"}`)
	req := newRequest(b, "POST", "/2015-03-31/functions/"+fnARN+"/invocations?Qualifier=live", body)
	req.Header.Set("X-Amz-Invocation-Type", "RequestResponse")
	sdkSign(b, req, hashHex(body), "lambda", testKey, signTime)
	r := onWire(b, req)
	v := NewVerifier(lookup)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(r, body, signTime); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyRepeatedQuery sorts a query with repeated keys.
func BenchmarkVerifyRepeatedQuery(b *testing.B) {
	req := newRequest(b, "DELETE", "/2017-03-31/tags/"+fnARN+"?tagKeys=d&tagKeys=c&tagKeys=b&tagKeys=a", nil)
	sdkSign(b, req, hashHex(nil), "lambda", testKey, signTime)
	r := onWire(b, req)
	v := NewVerifier(lookup)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(r, nil, signTime); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyContentSHA256 sends the payload hash in X-Amz-Content-Sha256.
func BenchmarkVerifyContentSHA256(b *testing.B) {
	body := []byte(`{"hello":"world"}`)
	req := newRequest(b, "POST", "/2015-03-31/functions/fn/invocations", body)
	req.Header.Set("X-Amz-Content-Sha256", hashHex(body))
	sdkSign(b, req, hashHex(body), "lambda", testKey, signTime)
	r := onWire(b, req)
	v := NewVerifier(lookup)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(r, body, signTime); err != nil {
			b.Fatal(err)
		}
	}
}
