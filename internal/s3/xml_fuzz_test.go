package s3

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/sigv4"
)

// FuzzXMLBodies feeds arbitrary bytes to every XML body S3 decodes and to
// the checks of tag sets: none may panic, and a tag set that passes keeps
// S3's limits.
func FuzzXMLBodies(f *testing.F) {
	f.Add([]byte(`<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>`))
	f.Add([]byte(`<Delete><Quiet>true</Quiet><Object><Key>k</Key></Object></Delete>`))
	f.Add([]byte(`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"e"</ETag></Part></CompleteMultipartUpload>`))
	f.Add([]byte(`<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		call := func() *awsproto.Call {
			return &awsproto.Call{W: httptest.NewRecorder(), R: httptest.NewRequest("PUT", "/b", nil),
				Stream: &sigv4.Stream{Body: bytes.NewReader(body)}, Protocol: &protocol{}}
		}
		if tags, err := readTags(call(), maxObjectTags); err == nil && len(tags) > maxObjectTags {
			t.Fatalf("%d tags passed", len(tags))
		}
		_ = call().Decode(&deleteRequest{})
		_ = call().Decode(&completeRequest{})
		_ = call().Decode(&createBucketConfiguration{})
	})
}
