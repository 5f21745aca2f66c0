package awsproto

import (
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// JSON is the json protocol (1.0 or 1.1): every operation is a POST to "/"
// named by X-Amz-Target ("Logs_20140328.CreateLogGroup"); the error code is
// the body's __type.
type JSON struct {
	contentType string
	target      string
	title       string
	ops         map[string]*Operation
}

// NewJSON serves ops under the X-Amz-Target prefix target ("Logs_20140328.")
// in json version ("1.0" or "1.1"); title names the service in messages
// ("CloudWatch Logs").
func NewJSON(version, target, title string, ops []Operation) *JSON {
	p := &JSON{contentType: "application/x-amz-json-" + version, target: target, title: title, ops: map[string]*Operation{}}
	for i := range ops {
		p.ops[ops[i].Name] = &ops[i]
	}
	return p
}

// Accepts requests whose X-Amz-Target names this protocol's service.
func (p *JSON) Accepts(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("X-Amz-Target"), p.target)
}

func (p *JSON) Route(c *Call) (*Operation, error) {
	name := strings.TrimPrefix(c.R.Header.Get("X-Amz-Target"), p.target)
	if op, ok := p.ops[name]; ok {
		return op, nil
	}
	return nil, aws.Errorf(aws.ErrUnknownOperation, "Virga does not support the %s operation %s.", p.title, name)
}

func (p *JSON) Decode(c *Call, in any) error { return decodeJSON(c.Body, in) }

func (p *JSON) Reply(c *Call, status int, out any) error {
	return writeJSON(c.W, status, p.contentType, out)
}

// Fault writes {"__type": code, "message": …}.
func (p *JSON) Fault(c *Call, f Fault) {
	c.W.Header().Set("x-amzn-ErrorType", f.Code)
	_ = writeJSON(c.W, f.Status, p.contentType, map[string]string{"__type": f.Code, "message": f.Message})
}
