package e2e

import (
	"bytes"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// TestS3SurvivesKill acknowledges a PUT and a multipart upload, kills the
// server with SIGKILL and reads both back from the restarted server.
func TestS3SurvivesKill(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctx(t)
	c := s.s3()
	must(t, func() error {
		_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("durable")})
		return err
	})
	small := randomBytes(t, 4096)
	must(t, func() error {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("durable"), Key: aws.String("small"), Body: bytes.NewReader(small)})
		return err
	})
	up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("durable"), Key: aws.String("parts")})
	if err != nil {
		t.Fatal(err)
	}
	part := randomBytes(t, 5<<20)
	var done []types.CompletedPart
	for n := int32(1); n <= 2; n++ {
		p, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String("durable"), Key: aws.String("parts"), UploadId: up.UploadId,
			PartNumber: aws.Int32(n), Body: bytes.NewReader(part)})
		if err != nil {
			t.Fatal(err)
		}
		done = append(done, types.CompletedPart{PartNumber: aws.Int32(n), ETag: p.ETag})
	}
	must(t, func() error {
		_, err := c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String("durable"), Key: aws.String("parts"),
			UploadId: up.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: done}})
		return err
	})
	s.kill()
	s.start()
	c = s.s3()
	for key, want := range map[string][]byte{"small": small, "parts": append(append([]byte{}, part...), part...)} {
		got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("durable"), Key: aws.String(key)})
		if err != nil {
			t.Fatalf("GetObject %s after kill -9: %v", key, err)
		}
		body, err := io.ReadAll(got.Body)
		if err != nil || !bytes.Equal(body, want) {
			t.Fatalf("%s after kill -9: %d bytes, %v", key, len(body), err)
		}
	}
}
