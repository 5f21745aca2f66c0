package s3

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"io"
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// maxXMLBody bounds the XML documents S3 operations take (DeleteObjects of
// 1,000 keys is the largest).
const maxXMLBody = 2 << 20

// protocol is S3's rest-xml: operations found by addressing, method,
// subresource and headers; faults with the bucket or key they concern.
type protocol struct{ api *API }

// Accepts every rest request (none with an X-Amz-Target or a query form):
// the front door picks S3 by its signing name, and other services by their
// targets and forms whatever their order.
func (p *protocol) Accepts(r *http.Request) bool { return awsproto.IsREST(r) }

// Route finds the bucket, key and operation a request names, and stamps
// the response with S3's request ids.
func (p *protocol) Route(c *awsproto.Call) (*awsproto.Operation, error) {
	c.W.Header().Set("x-amz-request-id", c.RequestID)
	c.W.Header().Set("x-amz-id-2", hostID(c.RequestID))
	bucket, key := p.api.address(c.R)
	c.R.SetPathValue("bucket", bucket)
	c.R.SetPathValue("key", key)
	name := route(c.R, bucket, key)
	if op, ok := p.api.ops[name]; ok {
		return op, nil
	}
	return nil, &aws.Error{Kind: aws.ErrUnknownOperation, Message: "A header you provided implies functionality that is not implemented"}
}

// hostID is the x-amz-id-2 of a request: opaque, as S3's is.
func hostID(requestID string) string {
	sum := sha256.Sum256([]byte(requestID))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// Decode reads an XML document of at most maxXMLBody bytes from the body.
func (p *protocol) Decode(c *awsproto.Call, in any) error {
	body, err := readBody(c)
	if err != nil || len(body) == 0 {
		return err
	}
	if xml.Unmarshal(body, in) != nil {
		return malformedXML()
	}
	return nil
}

// readBody reads a small body whole.
func readBody(c *awsproto.Call) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(c.Stream.Body, maxXMLBody+1))
	if err != nil {
		return nil, bodyError(err)
	}
	if len(body) > maxXMLBody {
		return nil, malformedXML()
	}
	return body, nil
}

func malformedXML() error {
	return &aws.Error{Kind: aws.ErrMalformed, Code: "MalformedXML",
		Message: "The XML you provided was not well-formed or did not validate against our published schema"}
}

// restXML encodes S3's answers.
var restXML = awsproto.NewRestXML(nil)

// Reply writes out as an XML document; a nil out writes only status.
func (p *protocol) Reply(c *awsproto.Call, status int, out any) error {
	return restXML.Reply(c, status, out)
}

// fault is S3's error document.
type fault struct {
	XMLName    xml.Name `xml:"Error"`
	Code       string
	Message    string
	BucketName string `xml:",omitempty"`
	Key        string `xml:",omitempty"`
	Members    []awsproto.XMLElement
	RequestID  string `xml:"RequestId"`
	HostID     string `xml:"HostId"`
}

// Fault writes f as S3 does, naming the bucket or key it concerns; HEAD
// answers carry no body, and 304 none either.
func (p *protocol) Fault(c *awsproto.Call, f awsproto.Fault) {
	f = rename(f)
	doc := fault{Code: f.Code, Message: f.Message, Members: awsproto.XMLElements(f.Members), RequestID: c.RequestID, HostID: hostID(c.RequestID)}
	switch f.Code {
	case "NoSuchBucket", "BucketNotEmpty", "BucketAlreadyOwnedByYou", "BucketAlreadyExists", "InvalidBucketName", "NoSuchBucketPolicy", "NoSuchTagSet",
		"NoSuchCORSConfiguration", "NoSuchWebsiteConfiguration", "NoSuchLifecycleConfiguration",
		"ReplicationConfigurationNotFoundError", "ObjectLockConfigurationNotFoundError":
		doc.BucketName = c.R.PathValue("bucket")
	case "NoSuchKey":
		doc.Key = c.R.PathValue("key")
	}
	if c.R.Method == http.MethodHead || f.Status == http.StatusNotModified {
		c.W.WriteHeader(f.Status)
		return
	}
	data, _ := xml.Marshal(doc)
	c.W.Header().Set("Content-Type", "application/xml")
	c.W.WriteHeader(f.Status)
	_, _ = c.W.Write([]byte(xml.Header))
	_, _ = c.W.Write(data)
}
