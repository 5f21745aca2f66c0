package control

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// memObjects is S3 as a map of "bucket/key@version" to contents; size, if
// set, is the size it claims for every object.
type memObjects struct {
	objects map[string][]byte
	size    int64
}

func (m memObjects) Open(_ context.Context, bucket, key, version string) (io.ReadCloser, int64, error) {
	if bucket == "missing" {
		return nil, 0, &aws.Error{Kind: aws.Refine(aws.ErrNotFound, "NoSuchBucket"), Message: "The specified bucket does not exist"}
	}
	data, ok := m.objects[bucket+"/"+key+"@"+version]
	if !ok {
		return nil, 0, &aws.Error{Kind: aws.ErrNotFound, Code: "NoSuchKey", Message: "The specified key does not exist."}
	}
	size := int64(len(data))
	if m.size > 0 {
		size = m.size
	}
	return io.NopCloser(bytes.NewReader(data)), size, nil
}

// storedZip is a zip of one uncompressed file of n bytes.
func storedZip(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "big.bin", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(make([]byte, n))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCodeFromS3(t *testing.T) {
	small := layerZip(t, "index.py", "def handler(e, c): return 1")
	big := storedZip(t, lambda.MaxZipBytes+1024)
	s := newLayerService()
	s.cfg.Objects = memObjects{objects: map[string][]byte{"code/app.zip@": small, "code/app.zip@v2": big, "code/big.zip@": big}}
	ctx := context.Background()
	t.Run("Latest", func(t *testing.T) {
		up, err := s.upload(ctx, codeSource{bucket: "code", key: "app.zip"})
		want, _ := checkZip(small)
		if err != nil || up.sha256 != want.sha256 || up.unzipSize != want.unzipSize {
			t.Fatalf("upload = %+v, %v", up.sha256, err)
		}
	})
	t.Run("VersionAbove50MB", func(t *testing.T) {
		if _, err := s.upload(ctx, codeSource{bucket: "code", key: "app.zip", version: "v2"}); err != nil {
			t.Fatalf("a %d-byte zip from S3: %v", len(big), err)
		}
		_, err := s.upload(ctx, codeSource{zip: big})
		wantError(t, err, aws.ErrTooLarge, "Zipped size must be smaller than 52428800 bytes")
	})
	tests := []struct {
		name string
		src  codeSource
		text string
	}{
		{"NoSuchKey", codeSource{bucket: "code", key: "nope.zip"},
			"Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist."},
		{"NoSuchBucket", codeSource{bucket: "missing", key: "app.zip"},
			"Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist"},
		{"Image", codeSource{image: "repo/image:1"}, "container images"},
		{"Nothing", codeSource{}, "Please provide a source for function code."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.upload(ctx, tt.src)
			wantError(t, err, aws.ErrInvalid, tt.text)
		})
	}
	t.Run("Above250MB", func(t *testing.T) {
		huge := newLayerService()
		huge.cfg.Objects = memObjects{objects: map[string][]byte{"code/app.zip@": small}, size: lambda.MaxUnzippedBytes + 1}
		_, err := huge.upload(ctx, codeSource{bucket: "code", key: "app.zip"})
		wantError(t, err, aws.ErrInvalid, "Unzipped size must be smaller than 262144000 bytes")
	})
	t.Run("Layer", func(t *testing.T) {
		v, err := s.PublishLayerVersion(ctx, "fromS3", PublishLayerVersionInput{Content: &LayerContentInput{S3Bucket: "code", S3Key: "app.zip"}})
		if err != nil || v.Content.CodeSize != int64(len(small)) {
			t.Fatalf("PublishLayerVersion = %+v, %v", v.Content, err)
		}
	})
}

func TestCodeFromS3WithoutObjects(t *testing.T) {
	_, err := newLayerService().upload(context.Background(), codeSource{bucket: "b", key: "k"})
	if err == nil || !strings.Contains(err.Error(), "Virga has no S3") {
		t.Errorf("error %v", err)
	}
}
