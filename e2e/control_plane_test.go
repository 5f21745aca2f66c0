package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// probe is one request to one service's endpoint, as its clients send it.
type probe struct {
	name, service, method, path, body string
	header                            map[string]string
}

func jsonProbe(name, service, target, version string) probe {
	return probe{name: name, service: service, method: "POST", path: "/", body: "{}",
		header: map[string]string{"X-Amz-Target": target, "Content-Type": "application/x-amz-json-" + version}}
}

func queryProbe(name, service, form string) probe {
	return probe{name: name, service: service, method: "POST", path: "/", body: form,
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}
}

// probes are one read of every service the endpoint serves, and requests
// for nothing it serves.
var probes = []probe{
	{name: "Lambda", service: "lambda", method: "GET", path: "/2015-03-31/functions"},
	jsonProbe("Logs", "logs", "Logs_20140328.DescribeLogGroups", "1.1"),
	jsonProbe("SQS", "sqs", "AmazonSQS.ListQueues", "1.0"),
	queryProbe("SNS", "sns", "Action=ListTopics&Version=2010-03-31"),
	jsonProbe("EventBridge", "events", "AWSEvents.ListRules", "1.1"),
	{name: "Scheduler", service: "scheduler", method: "GET", path: "/schedules"},
	{name: "APIGateway", service: "apigateway", method: "GET", path: "/v2/apis"},
	jsonProbe("KMS", "kms", "TrentService.ListKeys", "1.1"),
	jsonProbe("CloudTrail", "cloudtrail", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents", "1.1"),
}

// unknownProbes name nothing the endpoint serves.
var unknownProbes = []probe{
	{name: "UnknownPath", service: "lambda", method: "GET", path: "/nothing/here"},
	jsonProbe("UnknownTarget", "logs", "Nobody_2026.DoIt", "1.1"),
	queryProbe("UnknownAction", "iam", "Action=Nope&Version=2010-05-08"),
	{name: "VirgaPathNotASite", service: "lambda", method: "GET", path: "/_virga/secrets"},
}

// sendSigned sends p signed by creds at signing time at (unsigned when
// creds is zero).
func (s *server) sendSigned(t *testing.T, p probe, creds aws.Credentials, at time.Time) rawResponse {
	t.Helper()
	req, err := http.NewRequest(p.method, s.endpoint+p.path, bytes.NewReader([]byte(p.body)))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range p.header {
		req.Header.Set(k, v)
	}
	if creds.AccessKeyID != "" {
		sum := sha256.Sum256([]byte(p.body))
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), p.service, "us-east-1", at); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: data}
}

// TestControlPlaneLetsNoOneIn holds the endpoint's doors: only the health
// check answers without credentials; /metrics wants its bearer token; every
// service wants a signature within its clock-skew window; another account
// reaches nothing without a policy that lets it.
func TestControlPlaneLetsNoOneIn(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	admin := aws.Credentials{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: s.admin.SecretAccessKey}
	t.Run("HealthIsOpen", func(t *testing.T) {
		if resp := s.send(t, "GET", "/_virga/health", nil, "", "", nil); resp.status != 200 {
			t.Fatalf("health status %d", resp.status)
		}
	})
	t.Run("Metrics", func(t *testing.T) { checkMetricsDoor(t, s) })
	for _, p := range append(append([]probe{}, probes...), unknownProbes...) {
		t.Run("Unsigned"+p.name, func(t *testing.T) {
			resp := s.sendSigned(t, p, aws.Credentials{}, time.Time{})
			if resp.status < 400 || !bytes.Contains(resp.body, []byte("MissingAuthenticationToken")) {
				t.Errorf("status %d body %s", resp.status, resp.body)
			}
		})
	}
	for _, p := range probes {
		t.Run("Signed"+p.name, func(t *testing.T) {
			if resp := s.sendSigned(t, p, admin, time.Now()); resp.status != 200 {
				t.Errorf("status %d body %s", resp.status, resp.body)
			}
		})
	}
	t.Run("Skew", func(t *testing.T) { checkSkew(t, s, admin) })
	t.Run("OtherAccount", func(t *testing.T) { checkOtherAccount(t, s, admin) })
}

// checkOtherAccount: another account's root user reaches none of the
// administrator's functions, queues, topics, log groups, rules, schedules,
// APIs or keys; each service answers with its own refusal (SQS as for a
// queue the caller's account does not have).
func checkOtherAccount(t *testing.T, s *server, admin aws.Credentials) {
	createPython(t, s.lambda(), "mine", zipOf(t, map[string]string{"lambda_function.py": "def handler(e, c):\n    return e\n"}))
	queue := s.sendSigned(t, jsonProbe("", "sqs", "AmazonSQS.CreateQueue", "1.0").with(`{"QueueName":"mine"}`), admin, time.Now())
	topic := s.sendSigned(t, queryProbe("", "sns", "Action=CreateTopic&Name=mine&Version=2010-03-31"), admin, time.Now())
	key := s.sendSigned(t, jsonProbe("", "kms", "TrentService.CreateKey", "1.1"), admin, time.Now())
	if queue.status != 200 || topic.status != 200 || key.status != 200 {
		t.Fatalf("admin's resources: %s %s %s", queue.body, topic.body, key.body)
	}
	acct := s.admin.AccountID
	keyARN := key.json(t)["KeyMetadata"].(map[string]any)["Arn"].(string)
	other := s.addAccount(t)
	creds := aws.Credentials{AccessKeyID: other.AccessKeyID, SecretAccessKey: other.SecretAccessKey}
	for _, tt := range []struct {
		p    probe
		want string
	}{
		{probe{name: "Lambda", service: "lambda", method: "GET", path: "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A" + acct + "%3Afunction%3Amine"}, "AccessDenied"},
		{jsonProbe("SQS", "sqs", "AmazonSQS.SendMessage", "1.0").with(`{"QueueUrl":"` + queue.json(t)["QueueUrl"].(string) + `","MessageBody":"x"}`), "QueueDoesNotExist"},
		{queryProbe("SNS", "sns", "Action=Publish&Message=x&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A"+acct+"%3Amine"), "AuthorizationError"},
		{jsonProbe("KMS", "kms", "TrentService.Encrypt", "1.1").with(`{"KeyId":"` + keyARN + `","Plaintext":"eA=="}`), "AccessDenied"},
		{probes[1], "AccessDenied"}, {probes[4], "AccessDenied"}, {probes[5], "AccessDenied"}, {probes[6], "AccessDenied"},
	} {
		resp := s.sendSigned(t, tt.p, creds, time.Now())
		if resp.status < 400 || !bytes.Contains(resp.body, []byte(tt.want)) {
			t.Errorf("%s: status %d body %s", tt.p.name, resp.status, resp.body)
		}
	}
}

// with is p with another body.
func (p probe) with(body string) probe {
	p.body = body
	return p
}

func checkMetricsDoor(t *testing.T, s *server) {
	info, err := os.Stat(filepath.Join(s.dataDir, "metrics.token"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("metrics.token: %v %v", info, err)
	}
	for _, tt := range []struct {
		auth   string
		status int
	}{{"", 401}, {"Bearer wrong", 401}, {"Bearer " + s.metricsToken(), 200}} {
		resp, err := s.getMetrics(tt.auth)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%q: status %d, want %d", tt.auth, resp.StatusCode, tt.status)
		}
	}
}

// checkSkew: Lambda holds signatures to five minutes of its clock, with
// AWS's text; SQS to fifteen.
func checkSkew(t *testing.T, s *server, admin aws.Credentials) {
	lambdaProbe, sqsProbe := probes[0], probes[2]
	resp := s.sendSigned(t, lambdaProbe, admin, time.Now().Add(-6*time.Minute))
	if resp.status != 403 || resp.header.Get("x-amzn-ErrorType") != "InvalidSignatureException" ||
		!strings.Contains(string(resp.body), "Signature expired: ") || !strings.Contains(string(resp.body), " - 5 min.)") {
		t.Errorf("lambda, 6 min behind: %d %s", resp.status, resp.body)
	}
	resp = s.sendSigned(t, lambdaProbe, admin, time.Now().Add(6*time.Minute))
	if resp.status != 403 || !strings.Contains(string(resp.body), "Signature not yet current: ") {
		t.Errorf("lambda, 6 min ahead: %d %s", resp.status, resp.body)
	}
	if resp := s.sendSigned(t, sqsProbe, admin, time.Now().Add(-6*time.Minute)); resp.status != 200 {
		t.Errorf("sqs, 6 min behind: %d %s", resp.status, resp.body)
	}
	resp = s.sendSigned(t, sqsProbe, admin, time.Now().Add(-16*time.Minute))
	if resp.status < 400 || !strings.Contains(string(resp.body), " - 15 min.)") {
		t.Errorf("sqs, 16 min behind: %d %s", resp.status, resp.body)
	}
}
