package e2e

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// drain receives from a queue until n messages came, in the order the
// queue gave them, deleting each.
func drain(t *testing.T, s *server, url string, n int, within time.Duration) []sqstypes.Message {
	t.Helper()
	c := s.sqs()
	var got []sqstypes.Message
	for deadline := time.Now().Add(within); len(got) < n && time.Now().Before(deadline); {
		msgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
			MessageAttributeNames: []string{"All"}, MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{"All"}})
		for _, m := range msgs {
			got = append(got, m)
			if _, err := c.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(got) != n {
		t.Fatalf("%d messages from %s, want %d", len(got), url, n)
	}
	return got
}

// TestSNSQueues delivers to queues: the JSON envelope, raw delivery with
// message attributes, a FIFO topic to a FIFO queue in order, and a
// subscription's dead-letter queue.
func TestSNSQueues(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c, q := s.sns(), s.sqs()
	topic := createTopic(t, c, "events", nil)
	envURL := createSQSQueue(t, q, "enveloped", nil)
	rawURL := createSQSQueue(t, q, "raw", nil)
	subscribe(t, c, topic, "sqs", queueARN(t, q, envURL), nil)
	subscribe(t, c, topic, "sqs", queueARN(t, q, rawURL), map[string]string{"RawMessageDelivery": "true"})
	out, err := c.Publish(ctx(t), &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("hello <queues> & co"),
		Subject: aws.String("greeting"), MessageAttributes: map[string]snstypes.MessageAttributeValue{
			"color": {DataType: aws.String("String"), StringValue: aws.String("blue")},
			"blob":  {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	env := drain(t, s, envURL, 1, 15*time.Second)[0]
	var e snsMessage
	if err := json.Unmarshal([]byte(*env.Body), &e); err != nil {
		t.Fatalf("envelope %q: %v", *env.Body, err)
	}
	if e.Type != "Notification" || e.MessageId != *out.MessageId || e.Message != "hello <queues> & co" || e.Subject != "greeting" ||
		e.MessageAttributes["color"].Value != "blue" || e.MessageAttributes["blob"].Value != "AAEC" || e.Signature == "" {
		t.Errorf("envelope %+v", e)
	}
	raw := drain(t, s, rawURL, 1, 15*time.Second)[0]
	if *raw.Body != "hello <queues> & co" || *raw.MessageAttributes["color"].StringValue != "blue" ||
		string(raw.MessageAttributes["blob"].BinaryValue) != "\x00\x01\x02" {
		t.Errorf("raw message %q %v", *raw.Body, raw.MessageAttributes)
	}

	t.Run("FIFO", func(t *testing.T) {
		fifo := createTopic(t, c, "orders.fifo", map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "true"})
		url := createSQSQueue(t, q, "orders.fifo", map[string]string{"FifoQueue": "true"})
		subscribe(t, c, fifo, "sqs", queueARN(t, q, url), map[string]string{"RawMessageDelivery": "true"})
		var want []string
		for i := range 20 {
			body := fmt.Sprintf("g%d-%02d", i%2, i)
			want = append(want, body)
			out, err := c.Publish(ctx(t), &sns.PublishInput{TopicArn: aws.String(fifo), Message: aws.String(body),
				MessageGroupId: aws.String(fmt.Sprint("g", i%2))})
			if err != nil || out.SequenceNumber == nil {
				t.Fatalf("publish %s: %v %v", body, out, err)
			}
		}
		dup, err := c.Publish(ctx(t), &sns.PublishInput{TopicArn: aws.String(fifo), Message: aws.String(want[0]), MessageGroupId: aws.String("g0")})
		if err != nil {
			t.Fatal(err)
		}
		_ = dup
		got := drain(t, s, url, 20, 30*time.Second)
		last := map[string]string{}
		for _, m := range got {
			g := m.Attributes["MessageGroupId"]
			if *m.Body <= last[g] {
				t.Errorf("group %s: %s after %s", g, *m.Body, last[g])
			}
			last[g] = *m.Body
		}
		if extra := receiveSQS(t, q, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 1}); len(extra) != 0 {
			t.Errorf("the duplicate was delivered: %v", *extra[0].Body)
		}
	})

	t.Run("DeadLetter", func(t *testing.T) {
		createFn(t, s, "closed", "python3.12", "app.handler", map[string]string{"app.py": snsSink}, nil)
		dlq := createSQSQueue(t, q, "undeliverable", nil)
		sub := subscribe(t, c, topic, "lambda", fnARN(s, "closed"), map[string]string{
			"RedrivePolicy": `{"deadLetterTargetArn":"` + queueARN(t, q, dlq) + `"}`})
		if _, err := c.Publish(ctx(t), &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("nobody may hear")}); err != nil {
			t.Fatal(err)
		}
		m := drain(t, s, dlq, 1, 20*time.Second)[0]
		if m.MessageAttributes["ErrorCode"].StringValue == nil || m.MessageAttributes["RequestID"].StringValue == nil {
			t.Errorf("dead letter attributes %v", m.MessageAttributes)
		}
		var ev struct {
			Records []struct{ EventSubscriptionArn string }
		}
		if json.Unmarshal([]byte(*m.Body), &ev) != nil || len(ev.Records) != 1 || ev.Records[0].EventSubscriptionArn != sub {
			t.Errorf("dead letter body %s", *m.Body)
		}
		drain(t, s, envURL, 1, 10*time.Second)
		drain(t, s, rawURL, 1, 10*time.Second)
	})
}

// TestSNSLambdaTargets sends a function's failed events to a topic, as
// its dead-letter target and as its on-failure destination.
func TestSNSLambdaTargets(t *testing.T) {
	s := startServer(t)
	c, q := s.sns(), s.sqs()
	dead := createTopic(t, c, "dead", nil)
	failed := createTopic(t, c, "failed", nil)
	deadURL, failedURL := createSQSQueue(t, q, "dead-copy", nil), createSQSQueue(t, q, "failed-copy", nil)
	subscribe(t, c, dead, "sqs", queueARN(t, q, deadURL), map[string]string{"RawMessageDelivery": "true"})
	subscribe(t, c, failed, "sqs", queueARN(t, q, failedURL), nil)
	createFn(t, s, "flaky", "python3.12", "app.handler", map[string]string{"app.py": recorder}, func(in *lambda.CreateFunctionInput) {
		in.DeadLetterConfig = &lambdatypes.DeadLetterConfig{TargetArn: aws.String(dead)}
	})
	configureAsync(t, s, "flaky", 0, 0, "", failed)
	id := acceptedEvent(t, s, "flaky", `{"fail":true,"n":1}`)

	m := drain(t, s, deadURL, 1, 30*time.Second)[0]
	if *m.Body != `{"fail":true,"n":1}` || *m.MessageAttributes["RequestID"].StringValue != id ||
		*m.MessageAttributes["ErrorCode"].StringValue != "200" {
		t.Errorf("dead letter %s %v", *m.Body, m.MessageAttributes)
	}
	var e snsMessage
	env := drain(t, s, failedURL, 1, 30*time.Second)[0]
	if err := json.Unmarshal([]byte(*env.Body), &e); err != nil || e.TopicArn != failed {
		t.Fatalf("destination envelope %s: %v", *env.Body, err)
	}
	var rec struct {
		RequestContext struct{ RequestId, Condition string }
	}
	if err := json.Unmarshal([]byte(e.Message), &rec); err != nil || rec.RequestContext.RequestId != id ||
		rec.RequestContext.Condition != "RetriesExhausted" {
		t.Errorf("destination record %s: %v", e.Message, err)
	}
}
