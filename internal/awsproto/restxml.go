package awsproto

import (
	"encoding/xml"
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
)

// RestXML is the rest-xml protocol (S3): operations by method and path, XML
// bodies, and faults as <Error><Code>…</Code><Message>…</Message></Error>.
type RestXML struct{ routes routes }

// NewRestXML serves ops, each at its Route.
func NewRestXML(ops []Operation) *RestXML { return &RestXML{routes: newRoutes(ops)} }

// Accepts any request that is neither json (X-Amz-Target) nor a query form.
func (p *RestXML) Accepts(r *http.Request) bool { return IsREST(r) }

// IsREST reports a request of a rest protocol: neither a json call (an
// X-Amz-Target) nor a query-protocol form.
func IsREST(r *http.Request) bool { return !isJSONTarget(r) && !isForm(r) }

func (p *RestXML) Route(c *Call) (*Operation, error) { return p.routes.find(c.R) }

func (p *RestXML) Decode(c *Call, in any) error {
	if len(c.Body) == 0 {
		return nil
	}
	if err := xml.Unmarshal(c.Body, in); err != nil {
		return malformedXML
	}
	return nil
}

// Reply writes out as an XML document; a nil out writes only status.
func (p *RestXML) Reply(c *Call, status int, out any) error {
	if out == nil {
		c.W.WriteHeader(status)
		return nil
	}
	data, err := xml.Marshal(out)
	if err != nil {
		return err
	}
	c.W.Header().Set("Content-Type", "application/xml")
	c.W.WriteHeader(status)
	_, _ = c.W.Write([]byte(xml.Header))
	_, _ = c.W.Write(data)
	return nil
}

type restXMLFault struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string
	Message   string
	Members   []XMLElement
	RequestID string `xml:"RequestId"`
}

// XMLElement is an element named at run time: an error's further member.
type XMLElement struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
}

// XMLElements are an error's further members as XML elements.
func XMLElements(members []aws.Member) []XMLElement {
	var out []XMLElement
	for _, m := range members {
		out = append(out, XMLElement{XMLName: xml.Name{Local: m.Name}, Value: m.Value})
	}
	return out
}

func (p *RestXML) Fault(c *Call, f Fault) {
	data, _ := xml.Marshal(restXMLFault{Code: f.Code, Message: f.Message, Members: XMLElements(f.Members), RequestID: c.RequestID})
	c.W.Header().Set("Content-Type", "application/xml")
	c.W.WriteHeader(f.Status)
	if c.R.Method != http.MethodHead {
		_, _ = c.W.Write([]byte(xml.Header))
		_, _ = c.W.Write(data)
	}
}

var malformedXML = &aws.Error{Kind: aws.ErrMalformed, Code: "MalformedXML",
	Message: "The XML you provided was not well-formed or did not validate against our published schema"}
