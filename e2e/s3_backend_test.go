package e2e

import (
	"bytes"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// TestS3RemoteBackend keeps one Virga's objects in a bucket of a second
// Virga (--objects-backend): objects, ranges and copies work on the first,
// their bytes live in the second, and deletes free them there.
func TestS3RemoteBackend(t *testing.T) {
	store := startServer(t)
	ctx := ctx(t)
	backing := store.s3()
	must(t, func() error {
		_, err := backing.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("backing")})
		return err
	})
	t.Setenv("AWS_ACCESS_KEY_ID", store.admin.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", store.admin.SecretAccessKey)
	s := startServer(t, "--objects-backend", store.endpoint+"/backing")
	c := s.s3()
	must(t, func() error {
		_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("front")})
		return err
	})
	data := randomBytes(t, 3<<20)
	must(t, func() error {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("front"), Key: aws.String("a/b.bin"), Body: bytes.NewReader(data)})
		return err
	})
	must(t, func() error {
		_, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String("front"), Key: aws.String("copy.bin"), CopySource: aws.String("front/a/b.bin")})
		return err
	})
	got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("front"), Key: aws.String("copy.bin"), Range: aws.String("bytes=100-1099")})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(got.Body)
	if !bytes.Equal(body, data[100:1100]) {
		t.Fatalf("range of the copy: %d bytes", len(body))
	}
	if n := countObjects(t, backing, "backing"); n != 2 {
		t.Fatalf("the backing bucket holds %d blobs, want 2 (the object and its copy)", n)
	}
	for _, key := range []string{"a/b.bin", "copy.bin"} {
		must(t, func() error {
			_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("front"), Key: aws.String(key)})
			return err
		})
	}
	if n := countObjects(t, backing, "backing"); n != 0 {
		t.Fatalf("the backing bucket holds %d blobs after the deletes", n)
	}
}

func countObjects(t *testing.T, c *s3.Client, bucket string) int {
	out, err := c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Contents)
}
