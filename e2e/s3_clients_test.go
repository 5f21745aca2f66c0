package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestS3Boto3 uploads and downloads 100 MB with boto3's managed transfer
// (multipart), and drives tags, policies and multipart listings.
func TestS3Boto3(t *testing.T) {
	t.Parallel()
	runBoto3(t, startServer(t), "testdata/s3_boto3.py")
}

// TestS3CLIs walks both aws CLIs through `aws s3`: mb, cp both ways
// (multipart above 8 MB), ls, sync, rm and rb.
func TestS3CLIs(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	eachCLI(t, true, func(t *testing.T, c awsCLI, bin string) {
		s3WalkThrough(t, s, bin, "cli-"+c.name)
	})
}

func s3WalkThrough(t *testing.T, s *server, aws, bucket string) {
	dir := t.TempDir()
	big := randomBytes(t, 12<<20)
	writeFile(t, filepath.Join(dir, "up", "big.bin"), big)
	writeFile(t, filepath.Join(dir, "up", "sub dir", "small.txt"), []byte("small"))
	run := func(args ...string) string {
		out, err := s.cli(t, aws, args...)
		if err != nil {
			t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	run("s3", "mb", "s3://"+bucket)
	run("s3", "cp", filepath.Join(dir, "up", "big.bin"), "s3://"+bucket+"/big.bin")
	run("s3", "cp", "s3://"+bucket+"/big.bin", filepath.Join(dir, "down.bin"))
	if got, _ := os.ReadFile(filepath.Join(dir, "down.bin")); !bytes.Equal(got, big) {
		t.Fatalf("downloaded %d bytes, not the %d uploaded", len(got), len(big))
	}
	head := s.cliOK(t, aws, "s3api", "head-object", "--bucket", bucket, "--key", "big.bin")
	if etag, _ := head["ETag"].(string); !strings.HasSuffix(etag, `-2"`) || head["ContentLength"] != float64(len(big)) {
		t.Fatalf("s3api head-object of a 12 MB multipart upload: %v", head)
	}
	run("s3", "sync", filepath.Join(dir, "up"), "s3://"+bucket+"/synced/")
	if ls := run("s3", "ls", "--recursive", "s3://"+bucket+"/synced/"); !strings.Contains(ls, "synced/sub dir/small.txt") || !strings.Contains(ls, "synced/big.bin") {
		t.Fatalf("ls after sync:\n%s", ls)
	}
	run("s3", "rm", "--recursive", "s3://"+bucket)
	run("s3", "rb", "s3://"+bucket)
	if ls := run("s3", "ls"); strings.Contains(ls, bucket) {
		t.Fatalf("bucket still listed:\n%s", ls)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
