package awsproto

import (
	"encoding/xml"
	"net/http/httptest"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
)

func TestRestXML(t *testing.T) {
	type bucket struct {
		XMLName xml.Name `xml:"CreateBucketConfiguration"`
		Region  string   `xml:"LocationConstraint"`
	}
	p := NewRestXML([]Operation{{Name: "CreateBucket", Route: "PUT /{bucket}"}})
	c := &Call{W: httptest.NewRecorder(), R: httptest.NewRequest("PUT", "/b", nil), RequestID: "id",
		Body: []byte(`<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>`)}
	c.Protocol = p
	op, err := p.Route(c)
	if err != nil || op.Name != "CreateBucket" || c.R.PathValue("bucket") != "b" {
		t.Fatalf("Route = %v, %v, bucket %q", op, err, c.R.PathValue("bucket"))
	}
	var in bucket
	if err := c.Decode(&in); err != nil || in.Region != "eu-west-1" {
		t.Fatalf("Decode = %+v, %v", in, err)
	}
	c.Body = []byte("<unclosed")
	if err := c.Decode(&in); err != malformedXML {
		t.Errorf("Decode of bad XML = %v", err)
	}
	w := httptest.NewRecorder()
	c.W = w
	p.Fault(c, Fault{Code: "NoSuchBucket", Status: 404, Message: "The specified bucket does not exist"})
	want := xml.Header + `<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><RequestId>id</RequestId></Error>`
	if w.Code != 404 || w.Body.String() != want || w.Header().Get("Content-Type") != "application/xml" {
		t.Errorf("Fault = %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
}

func TestRestXMLFaultMembers(t *testing.T) {
	p := NewRestXML(nil)
	w := httptest.NewRecorder()
	c := &Call{W: w, R: httptest.NewRequest("PUT", "/b?notification", nil), RequestID: "id"}
	p.Fault(c, Fault{Code: "InvalidArgument", Status: 400, Message: "Unable to validate the following destination configurations",
		Members: []aws.Member{{Name: "ArgumentName1", Value: "arn, null"}, {Name: "ArgumentValue1", Value: "Not authorized"}}})
	want := xml.Header + `<Error><Code>InvalidArgument</Code><Message>Unable to validate the following destination configurations</Message>` +
		`<ArgumentName1>arn, null</ArgumentName1><ArgumentValue1>Not authorized</ArgumentValue1><RequestId>id</RequestId></Error>`
	if w.Body.String() != want {
		t.Errorf("Fault = %q", w.Body.String())
	}
}
