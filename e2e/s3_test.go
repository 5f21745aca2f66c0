package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

func (s *server) s3() *s3.Client {
	return s3.NewFromConfig(s.awsConfig(), func(o *s3.Options) { o.UsePathStyle = true })
}

// s3VirtualHost is a client that addresses buckets as <bucket>.s3.localhost,
// dialling the server whatever the name.
func (s *server) s3VirtualHost() *s3.Client {
	u, _ := url.Parse(s.endpoint)
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, u.Host)
	}
	cfg := s.awsConfig()
	cfg.BaseEndpoint = aws.String("http://s3.localhost:" + u.Port())
	cfg.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: dial}}
	return s3.NewFromConfig(cfg)
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func s3Code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return fmt.Sprint(err)
}

// TestS3SDK drives S3 with aws-sdk-go-v2: its default checksums, ranges,
// copies, conditions, listings, batch deletes and errors.
func TestS3SDK(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c, ctx := s.s3(), ctx(t)
	mustDo(t, func() error {
		_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("sdk")})
		return err
	})
	data := randomBytes(t, 3<<20+17)
	// Over plain HTTP the SDK signs the payload's SHA-256 and sends no
	// checksum unless asked; asked, it sends CRC32 in a header.
	put, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("sdk"), Key: aws.String("dir/data.bin"), Body: bytes.NewReader(data),
		Metadata: map[string]string{"colour": "blue"}, ContentType: aws.String("application/x-test"), ChecksumAlgorithm: types.ChecksumAlgorithmCrc32})
	if err != nil {
		t.Fatal(err)
	}
	if put.ChecksumCRC32 == nil {
		t.Errorf("PutObject answered no CRC32 checksum: %+v", put)
	}
	t.Run("TrailingChecksum", func(t *testing.T) { s3TrailingChecksum(t, s, data) })
	t.Run("GetWithChecksum", func(t *testing.T) {
		got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("sdk"), Key: aws.String("dir/data.bin"), ChecksumMode: types.ChecksumModeEnabled})
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(got.Body)
		if err != nil || !bytes.Equal(body, data) || got.Metadata["colour"] != "blue" || aws.ToString(got.ContentType) != "application/x-test" {
			t.Fatalf("GetObject: %d bytes, %v, metadata %v, type %v", len(body), err, got.Metadata, aws.ToString(got.ContentType))
		}
	})
	t.Run("Range", func(t *testing.T) {
		got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("sdk"), Key: aws.String("dir/data.bin"), Range: aws.String("bytes=1000-1999")})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(got.Body)
		if !bytes.Equal(body, data[1000:2000]) || aws.ToString(got.ContentRange) != fmt.Sprintf("bytes 1000-1999/%d", len(data)) {
			t.Fatalf("range: %d bytes, Content-Range %q", len(body), aws.ToString(got.ContentRange))
		}
		_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("sdk"), Key: aws.String("dir/data.bin"), Range: aws.String("bytes=99999999-")})
		if s3Code(err) != "InvalidRange" {
			t.Fatalf("range past the end: %v", err)
		}
	})
	t.Run("Conditions", func(t *testing.T) {
		_, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("sdk"), Key: aws.String("dir/data.bin"), IfNoneMatch: put.ETag})
		if s3Code(err) != "NotModified" {
			t.Errorf("If-None-Match of its ETag: %v", err)
		}
		_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("sdk"), Key: aws.String("dir/data.bin"), IfMatch: aws.String(`"nope"`)})
		if s3Code(err) != "PreconditionFailed" {
			t.Errorf("If-Match of another ETag: %v", err)
		}
	})
	t.Run("Copy", func(t *testing.T) {
		_, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String("sdk"), Key: aws.String("copy.bin"), CopySource: aws.String("sdk/dir/data.bin"),
			MetadataDirective: types.MetadataDirectiveReplace, Metadata: map[string]string{"colour": "red"}})
		if err != nil {
			t.Fatal(err)
		}
		head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("sdk"), Key: aws.String("copy.bin")})
		if err != nil || head.Metadata["colour"] != "red" || aws.ToString(head.ETag) != aws.ToString(put.ETag) || aws.ToInt64(head.ContentLength) != int64(len(data)) {
			t.Fatalf("HeadObject of the copy: %+v, %v", head, err)
		}
	})
	t.Run("ListV2Pages", func(t *testing.T) { s3ListPages(t, c) })
	t.Run("Errors", func(t *testing.T) { s3Errors(t, c) })
	t.Run("Configurations", func(t *testing.T) { s3Configurations(t, c) })
	t.Run("Presigned", func(t *testing.T) { s3Presigned(t, c) })
	t.Run("VirtualHost", func(t *testing.T) {
		v := s.s3VirtualHost()
		if _, err := v.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("sdk"), Key: aws.String("vhost/a b.txt"), Body: strings.NewReader("virtual")}); err != nil {
			t.Fatal(err)
		}
		got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("sdk"), Key: aws.String("vhost/a b.txt")})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(got.Body)
		if string(body) != "virtual" {
			t.Fatalf("path-style read of a virtual-host write: %q", body)
		}
	})
}

func mustDo(t *testing.T, f func() error) {
	t.Helper()
	if err := f(); err != nil {
		t.Fatal(err)
	}
}

// s3ListPages lists 25 keys ten at a time, and by delimiter, then deletes
// them in one batch.
func s3ListPages(t *testing.T, c *s3.Client) {
	ctx := ctx(t)
	var ids []types.ObjectIdentifier
	for i := range 25 {
		key := fmt.Sprintf("list/%02d/item", i)
		ids = append(ids, types.ObjectIdentifier{Key: aws.String(key)})
		mustDo(t, func() error {
			_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("sdk"), Key: aws.String(key), Body: strings.NewReader(key)})
			return err
		})
	}
	var keys []string
	pages := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String("sdk"), Prefix: aws.String("list/"), MaxKeys: aws.Int32(10)})
	for pages.HasMorePages() {
		p, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range p.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	if len(keys) != 25 || keys[0] != "list/00/item" || keys[24] != "list/24/item" {
		t.Fatalf("paginated keys: %v", keys)
	}
	byDir, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("sdk"), Prefix: aws.String("list/"), Delimiter: aws.String("/"), MaxKeys: aws.Int32(5)})
	if err != nil || len(byDir.CommonPrefixes) != 5 || aws.ToString(byDir.CommonPrefixes[0].Prefix) != "list/00/" || !aws.ToBool(byDir.IsTruncated) {
		t.Fatalf("by delimiter: %+v, %v", byDir, err)
	}
	del, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String("sdk"), Delete: &types.Delete{Objects: ids}})
	if err != nil || len(del.Deleted) != 25 || len(del.Errors) != 0 {
		t.Fatalf("DeleteObjects: %+v, %v", del, err)
	}
}

func s3Errors(t *testing.T, c *s3.Client) {
	ctx := ctx(t)
	_, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("sdk"), Key: aws.String("missing")})
	var noKey *types.NoSuchKey
	if !errors.As(err, &noKey) {
		t.Errorf("GetObject of a missing key: %v", err)
	}
	_, err = c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("no-such-bucket")})
	var noBucket *types.NoSuchBucket
	if !errors.As(err, &noBucket) {
		t.Errorf("ListObjectsV2 of a missing bucket: %v", err)
	}
	_, err = c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("sdk")})
	var owned *types.BucketAlreadyOwnedByYou
	if !errors.As(err, &owned) {
		t.Errorf("CreateBucket again: %v", err)
	}
	if _, err = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("sdk")}); s3Code(err) != "BucketNotEmpty" {
		t.Errorf("DeleteBucket of a full bucket: %v", err)
	}
	if _, err = c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("no-such-bucket")}); s3Code(err) != "NotFound" {
		t.Errorf("HeadBucket of a missing bucket: %v", err)
	}
}

// s3Presigned fetches presigned PUT and GET URLs with plain net/http.
func s3Presigned(t *testing.T, c *s3.Client) {
	ctx := ctx(t)
	pre := s3.NewPresignClient(c, func(o *s3.PresignOptions) { o.Expires = time.Minute })
	putURL, err := pre.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("sdk"), Key: aws.String("presigned.txt")})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, putURL.Method, putURL.URL, strings.NewReader("signed in the link"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("presigned PUT: %v %v", resp, err)
	}
	resp.Body.Close()
	getURL, err := pre.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("sdk"), Key: aws.String("presigned.txt")})
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.Get(getURL.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "signed in the link" {
		t.Fatalf("presigned GET: %d %q", resp.StatusCode, body)
	}
	resp, err = http.Get(strings.Replace(getURL.URL, "X-Amz-Signature=", "X-Amz-Signature=0", 1))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(body), "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("tampered presigned GET: %d %s", resp.StatusCode, body)
	}
}

// s3TrailingChecksum sends a body as the SDK does over TLS (it refuses to
// over plain HTTP): unsigned, aws-chunked, with its CRC32 in a trailer; a
// wrong trailer is refused with BadDigest.
func s3TrailingChecksum(t *testing.T, s *server, data []byte) {
	send := func(key, crc string) *http.Response {
		var body bytes.Buffer
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 1<<20)
			fmt.Fprintf(&body, "%x\r\n%s\r\n", n, rest[:n])
			rest = rest[n:]
		}
		fmt.Fprintf(&body, "0\r\nx-amz-checksum-crc32:%s\r\n\r\n", crc)
		req, _ := http.NewRequest(http.MethodPut, s.endpoint+"/sdk/"+key, &body)
		req.Header.Set("Content-Encoding", "aws-chunked")
		req.Header.Set("x-amz-decoded-content-length", fmt.Sprint(len(data)))
		req.Header.Set("x-amz-trailer", "x-amz-checksum-crc32")
		req.Header.Set("X-Amz-Content-Sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
		creds := aws.Credentials{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: s.admin.SecretAccessKey}
		if err := v4.NewSigner().SignHTTP(ctx(t), creds, req, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "s3", "us-east-1", time.Now()); err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	sum := crc32.ChecksumIEEE(data)
	crc := base64.StdEncoding.EncodeToString([]byte{byte(sum >> 24), byte(sum >> 16), byte(sum >> 8), byte(sum)})
	if resp := send("trailer.bin", crc); resp.StatusCode != 200 || resp.Header.Get("x-amz-checksum-crc32") != crc {
		t.Fatalf("trailing checksum: %d, checksum %q, want %q", resp.StatusCode, resp.Header.Get("x-amz-checksum-crc32"), crc)
	}
	got, err := s.s3().GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("sdk"), Key: aws.String("trailer.bin"), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(got.Body)
	if err != nil || !bytes.Equal(body, data) {
		t.Fatalf("read back %d bytes, %v", len(body), err)
	}
	if resp := send("bad-trailer.bin", "AAAAAA=="); resp.StatusCode != 400 {
		t.Fatalf("wrong trailing checksum: %d", resp.StatusCode)
	}
}
