package awsproto

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// Query is the query protocol: a form-encoded POST whose Action names the
// operation, answered in XML in the service's namespace.
type Query struct {
	namespace string
	ops       map[string]*Operation
}

// NewQuery serves ops, answering in the XML namespace ns
// ("https://iam.amazonaws.com/doc/2010-05-08/").
func NewQuery(ns string, ops []Operation) *Query {
	p := &Query{namespace: ns, ops: map[string]*Operation{}}
	for i := range ops {
		p.ops[ops[i].Name] = &ops[i]
	}
	return p
}

// Accepts form-encoded posts.
func (p *Query) Accepts(r *http.Request) bool { return isForm(r) }

func (p *Query) Route(c *Call) (*Operation, error) {
	form, err := c.Form()
	if err != nil {
		return nil, err
	}
	name := form.Get("Action")
	if op, ok := p.ops[name]; ok {
		return op, nil
	}
	return nil, aws.Errorf(aws.ErrUnknownOperation, "Could not find operation %s for version %s", name, form.Get("Version"))
}

func (p *Query) Decode(c *Call, in any) error {
	form, err := c.Form()
	if err != nil {
		return err
	}
	var fe *FormError
	if err := DecodeForm(form, in); errors.As(err, &fe) {
		return aws.Errorf(aws.ErrValidation, "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s",
			fe.Value, lowerFirst(fe.Member), fe.Message)
	} else if err != nil {
		return fmt.Errorf("decode %s input: %w", c.Operation.Name, err)
	}
	return nil
}

// Reply writes AWS's envelope: <OpResponse><OpResult>out</OpResult>
// <ResponseMetadata>…</ResponseMetadata></OpResponse>; a nil out leaves the
// result out.
func (p *Query) Reply(c *Call, status int, out any) error {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	name := c.Operation.Name
	start := xml.StartElement{Name: xml.Name{Local: name + "Response"}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: p.namespace}}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	if out != nil {
		if err := enc.EncodeElement(out, xml.StartElement{Name: xml.Name{Local: name + "Result"}}); err != nil {
			return err
		}
	}
	meta := struct{ RequestId string }{c.RequestID}
	if err := enc.EncodeElement(meta, xml.StartElement{Name: xml.Name{Local: "ResponseMetadata"}}); err != nil {
		return err
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	return writeXML(c.W, status, buf.Bytes())
}

type queryFault struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string
		Code    string
		Message string
	}
	RequestID string `xml:"RequestId"`
}

// Fault writes <ErrorResponse><Error><Type>Sender</Type><Code>…</Code>
// <Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>.
func (p *Query) Fault(c *Call, f Fault) {
	body := queryFault{Xmlns: p.namespace, RequestID: c.RequestID}
	body.Error.Type, body.Error.Code, body.Error.Message = "Sender", f.Code, f.Message
	if f.Server {
		body.Error.Type = "Receiver"
	}
	data, _ := xml.Marshal(body)
	_ = writeXML(c.W, f.Status, data)
}

func writeXML(w http.ResponseWriter, status int, data []byte) error {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_, _ = w.Write(data)
	return nil
}

// lowerFirst spells a member as AWS's validation messages do: maxItems.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
