package bench

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func (s *server) sqs() *sqs.Client {
	return sqs.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(s.endpoint),
		Credentials: credentials.StaticCredentialsProvider{Value: s.creds}})
}

// BenchmarkESM measures messages through an event source mapping to a
// warm aws-lambda-go echo. At least 10,000 100-byte messages are sent by 8
// clients in batches of ten to a queue whose mapping (a batch size, and a
// window for batches over ten) is disabled; the mapping is then enabled,
// and the time runs from the moment it reports Enabled until the queue is
// empty (every message processed and deleted). Reports sent/s (the queue
// taking messages: the baseline of the same run), processed/s, and the
// messages per invocation.
func BenchmarkESM(b *testing.B) {
	s := startServer(b)
	s.create(b, "consumer", "provided.al2023", "bootstrap", map[string][]byte{"bootstrap": goEcho(b)})
	if status, err := s.invoke("consumer", "RequestResponse", []byte(`{}`)); err != nil || status != 200 {
		b.Fatalf("warm-up invoke: %d %v", status, err)
	}
	for _, tc := range []struct {
		name          string
		batch, window int32
	}{{"batch10", 10, 0}, {"batch100", 100, 1}} {
		b.Run(tc.name, func(b *testing.B) {
			url, queueARN := s.queue(b, fmt.Sprintf("bench-%s-%d", tc.name, time.Now().UnixNano())) // a fresh queue for each run
			uuid := s.mapQueue(b, queueARN, tc.batch, tc.window)
			before := reports(b, s, "consumer")
			n := max(b.N, 10000)
			b.ResetTimer()
			begin := time.Now()
			s.sendMany(b, url, n)
			sent := time.Since(begin)
			s.enable(b, uuid)
			begin = time.Now()
			s.waitEmpty(b, url)
			processed := time.Since(begin)
			b.StopTimer()
			invokes := reports(b, s, "consumer") - before
			b.ReportMetric(float64(n)/sent.Seconds(), "sent/s")
			b.ReportMetric(float64(n)/processed.Seconds(), "processed/s")
			b.ReportMetric(float64(n)/float64(max(invokes, 1)), "msgs/invoke")
		})
	}
}

// queue makes a queue and returns its URL and ARN.
func (s *server) queue(b *testing.B, name string) (string, string) {
	c := s.sqs()
	// The visibility timeout covers the function's (120 s), as a mapping requires.
	out, err := c.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String(name),
		Attributes: map[string]string{"VisibilityTimeout": "180"}})
	if err != nil {
		b.Fatal(err)
	}
	attrs, err := c.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		b.Fatal(err)
	}
	return *out.QueueUrl, attrs.Attributes["QueueArn"]
}

// mapQueue maps a queue to the consumer, disabled, and returns the
// mapping's UUID once it has settled.
func (s *server) mapQueue(b *testing.B, queueARN string, batch, window int32) string {
	out, err := s.lambda().CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{
		FunctionName: aws.String("consumer"), EventSourceArn: aws.String(queueARN), Enabled: aws.Bool(false),
		BatchSize: aws.Int32(batch), MaximumBatchingWindowInSeconds: aws.Int32(window)})
	if err != nil {
		b.Fatal(err)
	}
	s.waitMapping(b, *out.UUID, "Disabled")
	return *out.UUID
}

// enable enables a mapping and returns once it reports Enabled.
func (s *server) enable(b *testing.B, uuid string) {
	_, err := s.lambda().UpdateEventSourceMapping(context.Background(), &lambda.UpdateEventSourceMappingInput{
		UUID: aws.String(uuid), Enabled: aws.Bool(true)})
	if err != nil {
		b.Fatal(err)
	}
	s.waitMapping(b, uuid, "Enabled")
}

func (s *server) waitMapping(b *testing.B, uuid, state string) {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		got, err := s.lambda().GetEventSourceMapping(context.Background(), &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		if err == nil && *got.State == state {
			return
		}
	}
	b.Fatalf("mapping %s did not become %s", uuid, state)
}

// sendMany sends n messages from 8 clients, ten to a request.
func (s *server) sendMany(b *testing.B, url string, n int) {
	c := s.sqs()
	body := strings.Repeat("x", 100)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(10) <= int64(n) {
				entries := make([]sqstypes.SendMessageBatchRequestEntry, 10)
				for i := range entries {
					entries[i] = sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(body)}
				}
				out, err := c.SendMessageBatch(context.Background(), &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
				if err != nil || len(out.Failed) > 0 {
					b.Errorf("send: %v %v", err, out)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// waitEmpty waits until the queue holds no message, visible or in flight.
func (s *server) waitEmpty(b *testing.B, url string) {
	c := s.sqs()
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		out, err := c.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
		if err != nil {
			b.Fatal(err)
		}
		if out.Attributes["ApproximateNumberOfMessages"] == "0" && out.Attributes["ApproximateNumberOfMessagesNotVisible"] == "0" {
			return
		}
	}
	b.Fatalf("queue %s not drained", url)
}
