package e2e

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/smithy-go"
)

func (s *server) sns() *sns.Client { return sns.NewFromConfig(s.awsConfig()) }

// snsSink prints every SNS record it receives.
const snsSink = `import json
def handler(event, context):
    for r in event["Records"]:
        print("SNS " + json.dumps(r, separators=(",", ":")))
`

// snsRecords waits for n records in a function's log.
func snsRecords(t *testing.T, s *server, fn string, n int, within time.Duration) []map[string]any {
	t.Helper()
	var got []map[string]any
	for deadline := time.Now().Add(within); ; time.Sleep(250 * time.Millisecond) {
		got = got[:0]
		for _, line := range strings.Split(logText(t, s, fn), "\n") {
			if _, rec, ok := strings.Cut(line, "SNS "); ok {
				var m map[string]any
				if err := json.Unmarshal([]byte(rec), &m); err != nil {
					t.Fatalf("record %q: %v", rec, err)
				}
				got = append(got, m)
			}
		}
		if len(got) >= n || time.Now().After(deadline) {
			break
		}
	}
	if len(got) != n {
		t.Fatalf("%s got %d SNS records, want %d: %v", fn, len(got), n, got)
	}
	return got
}

// allowSNS lets a topic invoke a function, as AWS requires.
func allowSNS(t *testing.T, s *server, fn, topicARN string) {
	t.Helper()
	_, err := s.lambda().AddPermission(ctx(t), &lambda.AddPermissionInput{
		FunctionName: aws.String(fn), StatementId: aws.String("sns"), Action: aws.String("lambda:InvokeFunction"),
		Principal: aws.String("sns.amazonaws.com"), SourceArn: aws.String(topicARN),
	})
	if err != nil {
		t.Fatal(err)
	}
}

func createTopic(t *testing.T, c *sns.Client, name string, attrs map[string]string) string {
	t.Helper()
	out, err := c.CreateTopic(ctx(t), &sns.CreateTopicInput{Name: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatal(err)
	}
	return *out.TopicArn
}

func subscribe(t *testing.T, c *sns.Client, topic, protocol, endpoint string, attrs map[string]string) string {
	t.Helper()
	out, err := c.Subscribe(ctx(t), &sns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String(protocol),
		Endpoint: aws.String(endpoint), Attributes: attrs, ReturnSubscriptionArn: true})
	if err != nil {
		t.Fatal(err)
	}
	return *out.SubscriptionArn
}

func strAttr(v string) types.MessageAttributeValue {
	return types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
}

// TestSNSFanOut publishes to a topic with a function, a filtered function
// and an HTTP endpoint subscribed, and checks what each receives.
func TestSNSFanOut(t *testing.T) {
	s := startServer(t)
	c := s.sns()
	topic := createTopic(t, c, "orders", nil)
	for _, fn := range []string{"all", "filtered", "bodyfiltered"} {
		createFn(t, s, fn, "python3.12", "app.handler", map[string]string{"app.py": snsSink}, nil)
		allowSNS(t, s, fn, topic)
	}
	allSub := subscribe(t, c, topic, "lambda", fnARN(s, "all"), nil)
	subscribe(t, c, topic, "lambda", fnARN(s, "filtered"), map[string]string{"FilterPolicy": `{"store":["example_corp"],"price":[{"numeric":[">",100]}]}`})
	subscribe(t, c, topic, "lambda", fnARN(s, "bodyfiltered"), map[string]string{
		"FilterPolicyScope": "MessageBody", "FilterPolicy": `{"order":{"kind":[{"prefix":"big"}]}}`})

	web := newSubscriber(t)
	pending, err := c.Subscribe(ctx(t), &sns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("http"), Endpoint: aws.String(web.url("/hook"))})
	if err != nil || *pending.SubscriptionArn != "pending confirmation" {
		t.Fatalf("subscribe http: %v %v", pending, err)
	}
	confirmation := web.wait("SubscriptionConfirmation", 1, 15*time.Second)[0]
	if confirmation.msg.Token == "" || confirmation.header.Get("x-amz-sns-subscription-arn") != "" {
		t.Errorf("confirmation request %+v", confirmation)
	}
	waitConfirmed(t, c, topic, 1)

	publish := func(body, subject string, attrs map[string]types.MessageAttributeValue) string {
		in := &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(body), MessageAttributes: attrs}
		if subject != "" {
			in.Subject = aws.String(subject)
		}
		out, err := c.Publish(ctx(t), in)
		if err != nil {
			t.Fatal(err)
		}
		return *out.MessageId
	}
	first := publish(`{"order":{"kind":"big one"}}`, "hello", map[string]types.MessageAttributeValue{
		"store": strAttr("example_corp"), "price": {DataType: aws.String("Number"), StringValue: aws.String("250")}})
	publish("plain text", "", map[string]types.MessageAttributeValue{"store": strAttr("other")})

	all := snsRecords(t, s, "all", 2, 30*time.Second)
	rec := all[0]
	sn, _ := rec["Sns"].(map[string]any)
	if rec["EventSource"] != "aws:sns" || rec["EventVersion"] != "1.0" || rec["EventSubscriptionArn"] != allSub ||
		sn["Type"] != "Notification" || sn["TopicArn"] != topic || sn["SignatureVersion"] != "1" || sn["Signature"] == "" ||
		!strings.Contains(sn["SigningCertUrl"].(string), "/_virga/sns/") || !strings.Contains(sn["UnsubscribeUrl"].(string), "Action=Unsubscribe") {
		t.Errorf("lambda record %v", rec)
	}
	byID := map[string]map[string]any{}
	for _, r := range all {
		sn := r["Sns"].(map[string]any)
		byID[sn["MessageId"].(string)] = sn
	}
	if sn := byID[first]; sn == nil || sn["Subject"] != "hello" || sn["Message"] != `{"order":{"kind":"big one"}}` {
		t.Errorf("first message %v", sn)
	} else if attrs, _ := sn["MessageAttributes"].(map[string]any); attrs["price"] == nil {
		t.Errorf("attributes %v", sn["MessageAttributes"])
	}
	if got := snsRecords(t, s, "filtered", 1, 5*time.Second); got[0]["Sns"].(map[string]any)["MessageId"] != first {
		t.Errorf("filtered got %v", got)
	}
	if got := snsRecords(t, s, "bodyfiltered", 1, 5*time.Second); got[0]["Sns"].(map[string]any)["MessageId"] != first {
		t.Errorf("body-filtered got %v", got)
	}
	notes := web.wait("Notification", 2, 15*time.Second)
	for _, n := range notes {
		if n.header.Get("x-amz-sns-topic-arn") != topic || n.header.Get("x-amz-sns-subscription-arn") == "" ||
			!strings.HasPrefix(n.header.Get("Content-Type"), "text/plain") || n.msg.UnsubscribeURL == "" {
			t.Errorf("notification %+v", n)
		}
	}
}

// waitConfirmed waits until a topic has n confirmed subscriptions of HTTP.
func waitConfirmed(t *testing.T, c *sns.Client, topic string, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		out, err := c.ListSubscriptionsByTopic(ctx(t), &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
		if err != nil {
			t.Fatal(err)
		}
		confirmed := 0
		for _, sub := range out.Subscriptions {
			if strings.HasPrefix(*sub.Protocol, "http") && *sub.SubscriptionArn != "PendingConfirmation" {
				confirmed++
			}
		}
		if confirmed >= n {
			return
		}
	}
	t.Fatalf("the HTTP subscriptions were not confirmed")
}

// wantSNSError checks an SNS error's code and message.
func wantSNSError(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code || message != "" && ae.ErrorMessage() != message {
		t.Errorf("error %v, want %s %q", err, code, message)
	}
}
