package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// samBucketTemplate has a generated-name bucket whose uploads under in/
// invoke a function.
const samBucketTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
    Type: AWS::S3::Bucket
  Thumb:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: thumb/
      Handler: app.handler
      Runtime: python3.12
      Events:
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
            Filter:
              S3Key:
                Rules:
                  - Name: prefix
                    Value: in/
`

const samThumb = `def handler(event, context):
    for r in event["Records"]:
        print("thumb got " + r["s3"]["bucket"]["name"] + "/" + r["s3"]["object"]["key"])
`

// TestSAMDeployS3 deploys a bucket and an S3 event, sees an upload invoke
// the function, deploys again without change and with a new filter, and
// deletes the stack: as CloudFormation does, not while the bucket holds
// objects.
func TestSAMDeployS3(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	for name, body := range map[string]string{"template.yaml": samBucketTemplate, "thumb/app.py": samThumb} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tmpl := filepath.Join(dir, "template.yaml")
	s.virga(t, "deploy", "--template", tmpl, "--stack", "files")
	const bucket = "files-uploads"
	for _, key := range []string{"out/skip.txt", "in/photo.txt"} {
		if _, err := s.s3().PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(key)}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 30*time.Second, func() bool {
		return strings.Contains(s.virga(t, "logs", "files-Thumb"), "thumb got files-uploads/in/photo.txt")
	})
	if logs := s.virga(t, "logs", "files-Thumb"); strings.Contains(logs, "out/skip.txt") {
		t.Errorf("the prefix filter let out/skip.txt through:\n%s", logs)
	}
	if again := s.virga(t, "deploy", "--template", tmpl, "--stack", "files"); !strings.Contains(again, "bucket files-uploads unchanged") ||
		strings.Contains(again, "creating") || strings.Contains(again, "putting") {
		t.Errorf("a deploy without changes changed something:\n%s", again)
	}

	if err := os.WriteFile(tmpl, []byte(strings.Replace(samBucketTemplate, "Value: in/", "Value: up/", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := s.virga(t, "deploy", "--template", tmpl, "--stack", "files"); !strings.Contains(out, "putting the notifications of bucket files-uploads") ||
		strings.Contains(out, "creating") {
		t.Errorf("the filter's change was not applied as an update:\n%s", out)
	}
	if _, err := s.s3().PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("up/new.txt"), Body: strings.NewReader("new")}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, func() bool {
		return strings.Contains(s.virga(t, "logs", "files-Thumb"), "thumb got files-uploads/up/new.txt")
	})

	cmd := exec.Command(binary, "deploy", "--template", tmpl, "--stack", "files", "--delete", "--data-dir", s.dataDir)
	cmd.Env = withoutAWS()
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "BucketNotEmpty") {
		t.Fatalf("--delete of a stack whose bucket holds objects: %v\n%s", err, out)
	}
	for _, key := range []string{"out/skip.txt", "in/photo.txt", "up/new.txt"} {
		if _, err := s.s3().DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
			t.Fatal(err)
		}
	}
	s.virga(t, "deploy", "--template", tmpl, "--stack", "files", "--delete")
	buckets, err := s.s3().ListBuckets(ctx(t), &s3.ListBucketsInput{})
	if err != nil || len(buckets.Buckets) != 0 {
		t.Fatalf("buckets after --delete: %v, %v", buckets, err)
	}
	checkStackGone(t, s)
}
