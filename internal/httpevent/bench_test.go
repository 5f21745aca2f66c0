package httpevent

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkRoundTrip maps a typical request to its event, encodes it, and
// maps a typical result back: what a function URL adds to an invocation.
func BenchmarkRoundTrip(b *testing.B) {
	r := httptest.NewRequest("POST", "http://abc.lambda-url.us-east-1.localhost:9000/items/1?a=1&b=2", strings.NewReader(""))
	for _, h := range []string{"Accept", "User-Agent", "Content-Type", "X-Custom"} {
		r.Header.Set(h, "value-of-"+h)
	}
	r.Header.Set("Content-Type", "application/json")
	body := []byte(`{"echo":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`)
	in := urlInfo
	in.RawPath = "/items/1"
	result := []byte(`{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"ok\":true}"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(NewRequest(r, body, in)); err != nil {
			b.Fatal(err)
		}
		if _, err := ParseResponse(result); err != nil {
			b.Fatal(err)
		}
	}
}
