package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// browsers are those the console is walked through, where installed.
var browsers = []struct {
	name, path string
	required   bool // in CI, a missing one fails the test
}{
	{"chromium", "/usr/bin/chromium", true},
	{"firefox", "/usr/bin/firefox-esr", false},
}

// TestConsole walks through the web console in real browsers with
// Playwright (e2e/console/console.mjs): sign in, create a function from a
// template, edit and deploy it, run a saved test event and read its result
// and logs, watch a chart update, publish versions, split an alias's
// traffic, add a trigger of every kind and remove it again, and read billing. Screenshots of every page go to
// $VIRGA_ARTIFACTS, a temporary directory when unset.
func TestConsole(t *testing.T) {
	dir := installPlaywright(t)
	artifacts := artifactsDir(t)
	for _, b := range browsers {
		t.Run(b.name, func(t *testing.T) {
			if _, err := os.Stat(b.path); err != nil {
				if b.required && os.Getenv("CI") == "true" {
					t.Fatalf("%s is missing (.ci/run installs it): %v", b.path, err)
				}
				t.Skipf("%s not installed", b.path)
			}
			s := startServer(t)
			walk(t, s, dir, b.name, b.path, artifacts, triggerSources(t, s)...)
			triggersGone(t, s, "console-py")
		})
	}
}

// walk runs the Playwright script against s in one browser.
func walk(t *testing.T, s *server, dir, browser, path, artifacts string, env ...string) {
	c, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, "node", "console.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "VIRGA_ENDPOINT="+s.endpoint, "VIRGA_ACCESS_KEY_ID="+s.admin.AccessKeyID,
		"VIRGA_SECRET_ACCESS_KEY="+s.admin.SecretAccessKey, "VIRGA_ARTIFACTS="+artifacts,
		"VIRGA_BROWSER="+browser, "VIRGA_BROWSER_PATH="+path)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	t.Logf("console walk in %s:\n%s", browser, out)
	if err != nil {
		t.Fatalf("the console walk failed in %s: %v", browser, err)
	}
}

// triggerSources makes a queue, a topic and a bucket for the walk to add
// as triggers, and another account to sign in with, and names them in the
// script's environment.
func triggerSources(t *testing.T, s *server) []string {
	c := ctx(t)
	q, err := s.sqs().CreateQueue(c, &sqs.CreateQueueInput{QueueName: aws.String("console-queue")})
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := s.sqs().GetQueueAttributes(c, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	topic, err := s.sns().CreateTopic(c, &sns.CreateTopicInput{Name: aws.String("console-topic")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.s3().CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("console-bucket")}); err != nil {
		t.Fatal(err)
	}
	other := s.addAccount(t)
	return []string{"VIRGA_OTHER_ACCESS_KEY_ID=" + other.AccessKeyID, "VIRGA_OTHER_SECRET_ACCESS_KEY=" + other.SecretAccessKey,
		"VIRGA_QUEUE_ARN=" + attrs.Attributes["QueueArn"], "VIRGA_TOPIC_ARN=" + *topic.TopicArn, "VIRGA_BUCKET=console-bucket"}
}

// triggersGone checks that removing the function's triggers in the console
// undid them at their sources too: no mapping, URL, schedule, subscription,
// rule target, bucket notification or permission is left.
func triggersGone(t *testing.T, s *server, function string) {
	c := ctx(t)
	mappings, err := s.lambda().ListEventSourceMappings(c, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String(function)})
	if err != nil || len(mappings.EventSourceMappings) != 0 {
		t.Errorf("mappings left: %v %v", mappings, err)
	}
	if _, err := s.lambda().GetFunctionUrlConfig(c, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(function)}); err == nil {
		t.Error("the function URL is left")
	}
	if _, err := s.scheduler().GetSchedule(c, &scheduler.GetScheduleInput{Name: aws.String("console-schedule")}); err == nil {
		t.Error("the schedule is left")
	}
	topics, err := s.sns().ListSubscriptions(c, &sns.ListSubscriptionsInput{})
	if err != nil || len(topics.Subscriptions) != 0 {
		t.Errorf("subscriptions left: %v %v", topics, err)
	}
	targets, err := s.events().ListTargetsByRule(c, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("console-rule")})
	if err != nil || len(targets.Targets) != 0 {
		t.Errorf("rule targets left: %v %v", targets, err)
	}
	notes, err := s.s3().GetBucketNotificationConfiguration(c, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String("console-bucket")})
	if err != nil || len(notes.LambdaFunctionConfigurations) != 0 {
		t.Errorf("bucket notifications left: %v %v", notes, err)
	}
	policy, err := s.lambda().GetPolicy(c, &lambda.GetPolicyInput{FunctionName: aws.String(function)})
	for _, principal := range []string{"sns.amazonaws.com", "events.amazonaws.com", "s3.amazonaws.com"} {
		if err == nil && strings.Contains(*policy.Policy, principal) {
			t.Errorf("a permission for %s is left: %s", principal, *policy.Policy)
		}
	}
}

// installPlaywright installs playwright-core from the committed lock file,
// unless it is there; it returns the script's directory.
func installPlaywright(t *testing.T) string {
	dir, err := filepath.Abs("console")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "playwright-core")); err == nil {
		return dir
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("npm is missing (.ci/run installs it)")
		}
		t.Skip("npm not installed")
	}
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci: %v\n%s", err, out)
	}
	return dir
}

func artifactsDir(t *testing.T) string {
	dir := os.Getenv("VIRGA_ARTIFACTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "virga-console-"); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("console screenshots: %s", dir)
	return dir
}

// TestConsolePages checks what the console serves without a browser: the
// page, its protections, and a signed API that refuses the unsigned.
func TestConsolePages(t *testing.T) {
	s := startServer(t)
	resp, err := http.Get(s.endpoint + "/console")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/console/" || resp.StatusCode != 200 {
		t.Fatalf("GET /console ended at %s with %d", resp.Request.URL.Path, resp.StatusCode)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy: %q", csp)
	}
	resp, err = http.Get(s.endpoint + "/console/api/functions/f/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("unsigned metrics: %d, want 403", resp.StatusCode)
	}
}
