package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// s3Call is a signed S3 request; its golden file is <name>.json, though
// its body is XML, like every golden file of a rest protocol.
func s3Call(name, method, path, body string) exchange {
	sum := sha256.Sum256([]byte(body))
	return exchange{name: name, service: "s3", method: method, path: path, body: []byte(body),
		header: map[string]string{"X-Amz-Content-Sha256": hex.EncodeToString(sum[:])}}
}

// TestGoldenS3 pins S3's answers to each operation's success and to each
// kind of error a request can provoke.
func TestGoldenS3(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tagging := `<Tagging><TagSet><Tag><Key>team</Key><Value>core</Value></Tag></TagSet></Tagging>`
	runGolden(t, s, []exchange{
		s3Call("create-bucket", "PUT", "/golden", ""),
		s3Call("create-bucket-again", "PUT", "/golden", ""),
		s3Call("create-bucket-bad-name", "PUT", "/Bad_Name", ""),
		s3Call("create-bucket-other-region", "PUT", "/golden-eu", `<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>`),
		s3Call("head-bucket", "HEAD", "/golden", ""),
		s3Call("head-bucket-missing", "HEAD", "/missing-bucket", ""),
		s3Call("get-bucket-location", "GET", "/golden?location", ""),
		s3Call("list-buckets", "GET", "/", ""),
		s3Call("put-object", "PUT", "/golden/dir/hello.txt", "hello, world\n").withHeader("Content-Type", "text/plain").withHeader("x-amz-meta-colour", "blue"),
		s3Call("put-object-bad-md5", "PUT", "/golden/bad-md5", "body").withHeader("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA=="),
		s3Call("put-object-traversal", "PUT", "/golden/../../etc/passwd", "harmless"),
		s3Call("get-object-traversal", "GET", "/golden/../../etc/passwd", ""),
		s3Call("get-object", "GET", "/golden/dir/hello.txt", ""),
		s3Call("get-object-range", "GET", "/golden/dir/hello.txt", "").withHeader("Range", "bytes=0-4"),
		s3Call("get-object-bad-range", "GET", "/golden/dir/hello.txt", "").withHeader("Range", "bytes=100-"),
		s3Call("get-object-not-modified", "GET", "/golden/dir/hello.txt", "").withHeader("If-None-Match", `"22c3683b094136c3398391ae71b20f04"`),
		s3Call("get-object-precondition-failed", "GET", "/golden/dir/hello.txt", "").withHeader("If-Match", `"other"`),
		s3Call("get-object-missing", "GET", "/golden/missing", ""),
		s3Call("get-object-missing-bucket", "GET", "/missing-bucket/key", ""),
		s3Call("head-object-missing", "HEAD", "/golden/missing", ""),
		s3Call("copy-object", "PUT", "/golden/copy.txt", "").withHeader("x-amz-copy-source", "/golden/dir/hello.txt"),
		s3Call("copy-object-to-itself", "PUT", "/golden/copy.txt", "").withHeader("x-amz-copy-source", "golden/copy.txt"),
		s3Call("list-objects-v2", "GET", "/golden?list-type=2&delimiter=/&prefix=", ""),
		s3Call("list-objects-encoded", "GET", "/golden?prefix=dir&encoding-type=url&max-keys=1", ""),
		s3Call("put-object-tagging", "PUT", "/golden/copy.txt?tagging", tagging),
		s3Call("get-object-tagging", "GET", "/golden/copy.txt?tagging", ""),
		s3Call("put-bucket-tagging-duplicate", "PUT", "/golden?tagging", `<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>`),
		s3Call("get-bucket-tagging-none", "GET", "/golden?tagging", ""),
		s3Call("put-bucket-policy-malformed", "PUT", "/golden?policy", "not json"),
		s3Call("get-bucket-policy-none", "GET", "/golden?policy", ""),
		s3Call("delete-objects", "POST", "/golden?delete", `<Delete><Object><Key>copy.txt</Key></Object><Object><Key>never-there</Key></Object></Delete>`),
		s3Call("delete-objects-malformed", "POST", "/golden?delete", `<Delete><Object>`),
		s3Call("delete-bucket-not-empty", "DELETE", "/golden", ""),
		s3Call("complete-upload-missing", "POST", "/golden/big?uploadId=nosuchupload", `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>`),
		s3Call("upload-part-bad-number", "PUT", "/golden/big?partNumber=0&uploadId=nosuchupload", "x"),
		s3Call("unsupported-subresource", "GET", "/golden?analytics", ""),
		s3Call("get-bucket-acl", "GET", "/golden?acl", ""),
		s3Call("get-bucket-cors-none", "GET", "/golden?cors", ""),
		s3Call("put-bucket-cors-unsupported", "PUT", "/golden?cors", `<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>`),
		s3Call("get-bucket-website-none", "GET", "/golden?website", ""),
		s3Call("get-bucket-lifecycle-none", "GET", "/golden?lifecycle", ""),
		s3Call("get-bucket-replication-none", "GET", "/golden?replication", ""),
		s3Call("get-object-lock-none", "GET", "/golden?object-lock", ""),
		s3Call("get-bucket-encryption", "GET", "/golden?encryption", ""),
		s3Call("get-bucket-accelerate", "GET", "/golden?accelerate", ""),
		s3Call("get-bucket-request-payment", "GET", "/golden?requestPayment", ""),
		s3Call("get-bucket-logging", "GET", "/golden?logging", ""),
		s3Call("get-bucket-versioning", "GET", "/golden?versioning", ""),
		s3Call("get-bucket-cors-missing-bucket", "GET", "/missing-bucket?cors", ""),
		s3Call("delete-object", "DELETE", "/golden/dir/hello.txt", ""),
		{name: "bad-signature", service: "s3", method: "GET", path: "/golden", as: &account{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "wrong"},
			header: map[string]string{"X-Amz-Content-Sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}},
	})
}
