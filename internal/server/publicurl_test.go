package server

import (
	"net"
	"testing"
)

func TestPublicURL(t *testing.T) {
	listener := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9000}
	tests := []struct {
		raw, want, domain string
	}{
		{"", "http://abc.lambda-url.us-east-1.localhost:9000/", "lambda-url.us-east-1.localhost"},
		{"https://Virga.Example.com", "https://abc.lambda-url.us-east-1.virga.example.com/", "lambda-url.us-east-1.virga.example.com"},
		{"http://dev.test:8080/", "http://abc.lambda-url.us-east-1.dev.test:8080/", "lambda-url.us-east-1.dev.test"},
	}
	for _, tt := range tests {
		p, err := parsePublicURL(tt.raw, listener)
		if err != nil {
			t.Fatalf("%q: %v", tt.raw, err)
		}
		if got := p.functionURL("us-east-1")("abc"); got != tt.want || p.urlDomain("us-east-1") != tt.domain {
			t.Errorf("%q: %s and %s, want %s and %s", tt.raw, got, p.urlDomain("us-east-1"), tt.want, tt.domain)
		}
	}
	for _, bad := range []string{"ftp://x", "http://", "http://h/path", "http://h?q=1", "::"} {
		if _, err := parsePublicURL(bad, listener); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
