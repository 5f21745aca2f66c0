package awsproto

import (
	"fmt"
	"net"
	"net/http"
	"net/url"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/sigv4"
)

// Call is one request to an operation, from routing to its answer.
type Call struct {
	W         http.ResponseWriter
	R         *http.Request
	RequestID string
	// Body is the request's body, read whole (nil for streaming services).
	Body []byte
	// Stream is the unread body of a streaming service's request, checked
	// against its signature as it is read.
	Stream *sigv4.Stream
	// Identity is who signed the request, once verified.
	Identity sigv4.Identity
	// Operation is the operation routed to, nil until found.
	Operation *Operation
	// Protocol encodes the call's answer and faults.
	Protocol Protocol

	form url.Values
}

// Account is the caller's account.
func (c *Call) Account() string { return c.Identity.Key.Account }

// SourceIP is the address the request came from, for aws:SourceIp.
func (c *Call) SourceIP() string {
	host, _, err := net.SplitHostPort(c.R.RemoteAddr)
	if err != nil {
		return c.R.RemoteAddr
	}
	return host
}

// Form is the query protocol's parameters, parsed from the body once.
func (c *Call) Form() (url.Values, error) {
	if c.form != nil {
		return c.form, nil
	}
	values, err := url.ParseQuery(string(c.Body))
	if err != nil {
		return nil, aws.Errorf(aws.ErrMalformed, "Could not parse the form body: %v", err)
	}
	c.form = values
	return values, nil
}

// Decode reads the operation's input into in.
func (c *Call) Decode(in any) error { return c.Protocol.Decode(c, in) }

// Reply answers with out and status.
func (c *Call) Reply(status int, out any) error {
	if err := c.Protocol.Reply(c, status, out); err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	return nil
}

// Empty answers with status and no body.
func (c *Call) Empty(status int) error {
	c.W.WriteHeader(status)
	return nil
}
