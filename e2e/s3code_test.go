package e2e

import (
	"archive/zip"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
)

// packageSize is the size of the random file in the package from S3: twice
// what a zip sent in the request may be.
const packageSize = 100 << 20

// bigPackage writes a zip holding a handler and packageSize random bytes,
// stored as they are (random bytes do not compress), and returns its path.
func bigPackage(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "package.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	w, _ := zw.Create("app.py")
	w.Write([]byte("import os\ndef handler(event, context):\n    return os.path.getsize('blob.bin')\n"))
	w, err = zw.CreateHeader(&zip.FileHeader{Name: "blob.bin", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.NewChaCha8([32]byte{19})
	buf := make([]byte, 1<<20)
	for range packageSize / len(buf) {
		rng.Read(buf)
		w.Write(buf)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCodeFromS3 deploys a 100 MB package from S3 with aws s3 cp and
// CreateFunction's S3Bucket and S3Key, invokes it, and shows Lambda's
// error for a key that is not there.
func TestCodeFromS3(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	pkg := bigPackage(t)
	s.cli(t, "aws", "s3", "mb", "s3://code")
	if _, err := s.cli(t, "aws", "s3", "cp", pkg, "s3://code/app/package.zip"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	createZip(t, s, "big", "python3.12", "app.handler", nil, func(in *lambda.CreateFunctionInput) {
		in.Code = &types.FunctionCode{S3Bucket: aws.String("code"), S3Key: aws.String("app/package.zip")}
	})
	t.Logf("a %d MB package from S3 was active after %v", packageSize>>20, time.Since(start).Round(time.Millisecond))
	if out := invoke(t, s, "big", map[string]any{}); string(out.Payload) != "104857600" || out.FunctionError != nil {
		t.Errorf("invoke answered %s", out.Payload)
	}
	_, err := s.lambda().CreateFunction(ctx(t), &lambda.CreateFunctionInput{FunctionName: aws.String("missing"), Role: aws.String(role),
		Runtime: types.RuntimePython312, Handler: aws.String("app.handler"),
		Code: &types.FunctionCode{S3Bucket: aws.String("code"), S3Key: aws.String("app/nope.zip")}})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidParameterValueException" ||
		ae.ErrorMessage() != "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist." {
		t.Errorf("a missing key: %v", err)
	}
}
