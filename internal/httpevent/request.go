package httpevent

import (
	"encoding/base64"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Context is what the front end knows of a request beyond the request
// itself: where it arrived and what matched it.
type Context struct {
	AccountID string
	// APIID is the API's id (a function URL's url-id).
	APIID string
	// DomainName is the host the request named, without its port.
	DomainName string
	RequestID  string
	// RouteKey is the matched route ("GET /items/{id}", "$default").
	RouteKey string
	// ResourcePath is the matched route's path ("/items/{id}"), payload 1.0's
	// resource.
	ResourcePath string
	Stage        string
	Time         time.Time
	// SourceIP is the client's address; empty takes the request's.
	SourceIP       string
	TraceID        string
	PathParameters map[string]string
	StageVariables map[string]string
	// Authorizer is requestContext.authorizer, nil for none.
	Authorizer any
}

// sourceIP is the client's address.
func (c Context) sourceIP(r *http.Request) string {
	if c.SourceIP != "" {
		return c.SourceIP
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// domainPrefix is the first label of the domain name.
func (c Context) domainPrefix() string {
	prefix, _, _ := strings.Cut(c.DomainName, ".")
	return prefix
}

// forwarded is r's headers with the x-forwarded-* and trace headers the
// front end adds.
func (c Context) forwarded(r *http.Request) http.Header {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	ip := c.sourceIP(r)
	if prior := h.Get("X-Forwarded-For"); prior != "" {
		ip = prior + ", " + ip
	}
	h.Set("X-Forwarded-For", ip)
	proto, port := "http", "80"
	if r.TLS != nil {
		proto, port = "https", "443"
	}
	if _, p, err := net.SplitHostPort(r.Host); err == nil {
		port = p
	}
	h.Set("X-Forwarded-Port", port)
	h.Set("X-Forwarded-Proto", proto)
	if c.TraceID != "" && h.Get("X-Amzn-Trace-Id") == "" {
		h.Set("X-Amzn-Trace-Id", c.TraceID)
	}
	if r.Host != "" {
		h.Set("Host", r.Host)
	}
	if r.ContentLength > 0 && h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.FormatInt(r.ContentLength, 10))
	}
	return h
}

// encodeBody is the body as the event carries it: text as it is, anything
// else in base64. Empty bodies are absent.
func encodeBody(h http.Header, body []byte) (string, bool, bool) {
	if len(body) == 0 {
		return "", false, false
	}
	if isText(h.Get("Content-Type")) && utf8.Valid(body) {
		return string(body), false, true
	}
	return base64.StdEncoding.EncodeToString(body), true, true
}

// isText reports a content type whose bodies travel as text.
func isText(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(contentType)
	}
	switch {
	case strings.HasPrefix(mt, "text/"),
		strings.Contains(mt, "json"), strings.Contains(mt, "xml"), strings.Contains(mt, "javascript"),
		mt == "application/x-www-form-urlencoded", mt == "application/graphql":
		return true
	}
	return false
}

// requestTime is the time in requestContext's log format.
func requestTime(t time.Time) string { return t.UTC().Format("02/Jan/2006:15:04:05 -0700") }
