package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// s3ObjectSize is the size of the objects the S3 benchmark moves.
const s3ObjectSize = 1 << 20

// BenchmarkS3 measures PutObject and GetObject of 1 MiB objects through
// aws-sdk-go-v2 from one client (path-style, the payload's SHA-256 signed,
// as the SDK does over plain HTTP), next to, in the same run and on the
// same file system, writing 1 MiB to a new file with fsync (what Virga
// does before it answers a PUT) and reading it back. Rounds alternate so
// that the machine's noise falls on both alike.
func BenchmarkS3(b *testing.B) {
	s := startServer(b)
	c := s3.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(s.endpoint), RetryMaxAttempts: 1,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return s.creds, nil }),
		HTTPClient:  s.client}, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("bench")}); err != nil {
		b.Fatal(err)
	}
	data := make([]byte, s3ObjectSize)
	_, _ = rand.Read(data)
	dir := filepath.Join(s.dataDir, "baseline")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	n := max(b.N, 100)
	var put, get, write, read time.Duration
	b.ResetTimer()
	for i := range n {
		key := fmt.Sprintf("obj-%d", i)
		put += timed(b, func() error {
			_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("bench"), Key: &key, Body: bytes.NewReader(data)})
			return err
		})
		get += timed(b, func() error { return s3Get(ctx, c, key) })
		path := filepath.Join(dir, key)
		write += timed(b, func() error { return writeSynced(path, data) })
		read += timed(b, func() error { _, err := os.ReadFile(path); return err })
	}
	b.StopTimer()
	mbps := func(d time.Duration) float64 { return float64(n) * s3ObjectSize / (1 << 20) / d.Seconds() }
	b.ReportMetric(mbps(put), "put-MiB/s")
	b.ReportMetric(mbps(get), "get-MiB/s")
	b.ReportMetric(mbps(write), "file-write-MiB/s")
	b.ReportMetric(mbps(read), "file-read-MiB/s")
	b.ReportMetric(0, "ns/op")
}

func timed(b *testing.B, f func() error) time.Duration {
	start := time.Now()
	if err := f(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

func s3Get(ctx context.Context, c *s3.Client, key string) error {
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bench"), Key: &key})
	if err != nil {
		return err
	}
	defer out.Body.Close()
	_, err = io.Copy(io.Discard, out.Body)
	return err
}

func writeSynced(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
