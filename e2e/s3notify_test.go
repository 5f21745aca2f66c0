package e2e

import (
	"crypto/md5"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// allowS3 lets a bucket invoke a function, as AWS requires before it
// accepts the function as a destination.
func allowS3(t *testing.T, s *server, fn, bucket string) {
	t.Helper()
	_, err := s.lambda().AddPermission(ctx(t), &lambda.AddPermissionInput{
		FunctionName: aws.String(fn), StatementId: aws.String("s3"), Action: aws.String("lambda:InvokeFunction"),
		Principal: aws.String("s3.amazonaws.com"), SourceArn: aws.String("arn:aws:s3:::" + bucket),
	})
	if err != nil {
		t.Fatal(err)
	}
}

// putNotifications puts a bucket's notification configuration with the
// aws CLI, from its JSON form.
func putNotifications(t *testing.T, s *server, bucket string, config any) ([]byte, error) {
	t.Helper()
	doc, _ := json.Marshal(config)
	return s.cli(t, "aws", "s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", string(doc))
}

// upload writes files (by key) to a bucket with one aws s3 cp.
func upload(t *testing.T, s *server, bucket string, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for key, body := range files {
		path := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.cli(t, "aws", "s3", "cp", "--recursive", dir, "s3://"+bucket+"/"); err != nil {
		t.Fatal(err)
	}
}

// functionNotification is a configuration that sends the created objects
// under in/ ending in .jpg to fn.
func functionNotification(fn string) map[string]any {
	return map[string]any{"Id": "thumbnails", "LambdaFunctionArn": fn, "Events": []string{"s3:ObjectCreated:*"},
		"Filter": map[string]any{"Key": map[string]any{"FilterRules": []map[string]string{
			{"Name": "prefix", "Value": "in/"}, {"Name": "suffix", "Value": ".jpg"}}}}}
}

// TestS3Notifications uploads with aws s3 cp into a bucket whose
// notifications go to a Python function and to a queue: the function gets
// S3's record of a matching key (encoded as S3 encodes it) and nothing for
// keys the filter leaves out; the queue gets the test event, then the
// record of a removal.
func TestS3Notifications(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	createFn(t, s, "thumbs", "python3.12", "app.handler", eventSink, nil)
	fn := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:thumbs"
	queueURL := createSQSQueue(t, s.sqs(), "removals", nil)
	queue := queueARN(t, s.sqs(), queueURL)
	s.cli(t, "aws", "s3", "mb", "s3://uploads")

	config := map[string]any{"LambdaFunctionConfigurations": []any{functionNotification(fn)}}
	if _, err := putNotifications(t, s, "uploads", config); err == nil {
		t.Fatal("a function that does not allow S3 was accepted as a destination")
	}
	allowS3(t, s, "thumbs", "uploads")
	config["QueueConfigurations"] = []any{map[string]any{"QueueArn": queue, "Events": []string{"s3:ObjectRemoved:*"}}}
	config["EventBridgeConfiguration"] = map[string]any{}
	busURL := createSQSQueue(t, s.sqs(), "objects", nil)
	putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("s3"), EventPattern: aws.String(`{"source":["aws.s3"]}`)})
	putTargets(t, s, "s3", "", ebtypes.Target{Id: aws.String("q"), Arn: aws.String(queueARN(t, s.sqs(), busURL))})
	if _, err := putNotifications(t, s, "uploads", config); err != nil {
		t.Fatal(err)
	}
	got := s.cliOK(t, "aws", "s3api", "get-bucket-notification-configuration", "--bucket", "uploads")
	if fc := got["LambdaFunctionConfigurations"].([]any)[0].(map[string]any); fc["Id"] != "thumbnails" || fc["LambdaFunctionArn"] != fn {
		t.Errorf("configuration %v", got)
	}

	const key, body = "in/my photo été 日本.jpg", "not really a jpeg"
	upload(t, s, "uploads", map[string]string{key: body, "in/skipped.png": "png", "out/skipped.jpg": "jpg"})
	rec := sunkEvents(t, s, "thumbs", 1, 20*time.Second)[0]["Records"].([]any)[0].(map[string]any)
	checkRecord(t, rec, "ObjectCreated:Put", "in/my+photo+%C3%A9t%C3%A9+%E6%97%A5%E6%9C%AC.jpg", s.admin.AccountID)
	obj := rec["s3"].(map[string]any)["object"].(map[string]any)
	if obj["size"] != float64(len(body)) || obj["eTag"] != fmt.Sprintf("%x", md5.Sum([]byte(body))) || obj["sequencer"] == "" {
		t.Errorf("object %v", obj)
	}

	if _, err := s.cli(t, "aws", "s3", "rm", "s3://uploads/in/skipped.png"); err != nil {
		t.Fatal(err)
	}
	msgs := drain(t, s, queueURL, 2, 20*time.Second)
	var test map[string]any
	if err := json.Unmarshal([]byte(*msgs[0].Body), &test); err != nil || test["Event"] != "s3:TestEvent" || test["Bucket"] != "uploads" {
		t.Errorf("first message %s", *msgs[0].Body)
	}
	var removed struct{ Records []map[string]any }
	if err := json.Unmarshal([]byte(*msgs[1].Body), &removed); err != nil || len(removed.Records) != 1 {
		t.Fatalf("second message %s", *msgs[1].Body)
	}
	checkRecord(t, removed.Records[0], "ObjectRemoved:Delete", "in/skipped.png", s.admin.AccountID)
	checkBusEvents(t, drain(t, s, busURL, 4, 20*time.Second), key)
	if n := len(sunkEvents(t, s, "thumbs", 1, time.Second)); n != 1 {
		t.Errorf("the function got %d events; the filter lets one key through", n)
	}
}

// checkBusEvents checks what EventBridge got of three uploads and a
// removal: S3's events, keys as they are.
func checkBusEvents(t *testing.T, msgs []sqstypes.Message, key string) {
	t.Helper()
	kinds := map[string]int{}
	keys := map[string]bool{}
	for _, m := range msgs {
		var ev struct {
			Source     string   `json:"source"`
			DetailType string   `json:"detail-type"`
			Resources  []string `json:"resources"`
			Detail     struct {
				Object struct{ Key string }
				Reason string
			}
		}
		if err := json.Unmarshal([]byte(*m.Body), &ev); err != nil || ev.Source != "aws.s3" || len(ev.Resources) != 1 ||
			ev.Resources[0] != "arn:aws:s3:::uploads" {
			t.Errorf("event %s", *m.Body)
		}
		kinds[ev.DetailType+"/"+ev.Detail.Reason]++
		keys[ev.Detail.Object.Key] = true
	}
	if kinds["Object Created/PutObject"] != 3 || kinds["Object Deleted/DeleteObject"] != 1 || !keys[key] {
		t.Errorf("events %v of keys %v", kinds, keys)
	}
}

// checkRecord checks the fields of an S3 record that do not depend on the
// object's contents.
func checkRecord(t *testing.T, rec map[string]any, name, key, account string) {
	t.Helper()
	s3 := rec["s3"].(map[string]any)
	bucket := s3["bucket"].(map[string]any)
	obj := s3["object"].(map[string]any)
	at, err := time.Parse("2006-01-02T15:04:05.000Z", rec["eventTime"].(string))
	if rec["eventVersion"] != "2.1" || rec["eventSource"] != "aws:s3" || rec["awsRegion"] != "us-east-1" || rec["eventName"] != name ||
		err != nil || time.Since(at) > time.Minute || s3["s3SchemaVersion"] != "1.0" || bucket["name"] != "uploads" ||
		bucket["arn"] != "arn:aws:s3:::uploads" || bucket["ownerIdentity"].(map[string]any)["principalId"] != account || obj["key"] != key {
		t.Errorf("record %v", rec)
	}
	resp := rec["responseElements"].(map[string]any)
	if resp["x-amz-request-id"] == "" || resp["x-amz-id-2"] == "" || rec["requestParameters"].(map[string]any)["sourceIPAddress"] == "" ||
		rec["userIdentity"].(map[string]any)["principalId"] == "" {
		t.Errorf("record's request %v", rec)
	}
}

// TestS3NotificationKill9 kills the server right after an upload was
// acknowledged: the function still gets the record once the server is
// back.
func TestS3NotificationKill9(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	createFn(t, s, "after", "python3.12", "app.handler", eventSink, nil)
	allowS3(t, s, "after", "uploads")
	s.cli(t, "aws", "s3", "mb", "s3://uploads")
	fn := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:after"
	if _, err := putNotifications(t, s, "uploads", map[string]any{"LambdaFunctionConfigurations": []any{functionNotification(fn)}}); err != nil {
		t.Fatal(err)
	}
	upload(t, s, "uploads", map[string]string{"in/crash.jpg": "bytes"})
	s.kill()
	s.start()
	// A delivery fetched before the kill comes back after its 30 s ack wait.
	rec := sunkEvents(t, s, "after", 1, 90*time.Second)[0]["Records"].([]any)[0].(map[string]any)
	checkRecord(t, rec, "ObjectCreated:Put", "in/crash.jpg", s.admin.AccountID)
}
