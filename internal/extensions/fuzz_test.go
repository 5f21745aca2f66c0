package extensions

import (
	"strings"
	"testing"
)

func FuzzParseSubscription(f *testing.F) {
	f.Add(`{"schemaVersion":"2022-12-13","destination":{"protocol":"HTTP","URI":"http://sandbox.localdomain:8080"},"types":["platform"],"buffering":{"maxItems":1000,"maxBytes":262144,"timeoutMs":100}}`)
	f.Add(`{"destination":{"protocol":"TCP","URI":"tcp://x:1"}}`)
	f.Add(`{"destination":{"protocol":"HTTP","URI":"http://[::1"}}`)
	f.Fuzz(func(t *testing.T, body string) {
		s, err := parseSubscription(strings.NewReader(body))
		if err == nil && (s.queue == nil || s.maxItems < 25 || s.uri == "") {
			t.Fatalf("accepted an invalid subscription: %+v", s)
		}
	})
}
