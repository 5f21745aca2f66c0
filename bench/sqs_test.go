package bench

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// sqsClients is how many clients send and receive at once.
const sqsClients = 16

// BenchmarkSQS measures a standard queue through aws-sdk-go-v2 from 16
// clients: SendMessage one at a time, SendMessageBatch ten at a time, and
// ReceiveMessage of ten then DeleteMessageBatch until the queue is empty;
// next to it, in the same run, the raw rate of synchronous JetStream
// publishes of the same 100-byte messages into a file-backed work-queue
// stream on the server's own embedded NATS (exposed with --nats-listen).
func BenchmarkSQS(b *testing.B) {
	natsAddr := freeAddr(b)
	s := startServer(b, "--nats-listen", natsAddr)
	c := sqs.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(s.endpoint), RetryMaxAttempts: 1,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return s.creds, nil }),
		HTTPClient:  s.client})
	ctx := context.Background()
	out, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("bench")})
	if err != nil {
		b.Fatal(err)
	}
	url := out.QueueUrl
	n := max(b.N, 3000)
	body := strings.Repeat("x", 100)
	b.ResetTimer()

	sent := rate(n, func(int) error {
		_, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: &body})
		return err
	})
	batched := rate(n/10, func(int) error {
		entries := make([]types.SendMessageBatchRequestEntry, 10)
		for j := range entries {
			entries[j] = types.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(j)), MessageBody: &body}
		}
		_, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: entries})
		return err
	}) * 10
	received := drainRate(b, c, url, n+n/10*10)
	raw := rawPublishRate(b, natsAddr, n, []byte(body))
	b.StopTimer()

	b.ReportMetric(sent, "sent/s")
	b.ReportMetric(batched, "batch-sent/s")
	b.ReportMetric(received, "received+deleted/s")
	b.ReportMetric(raw, "jetstream-publish/s")
	b.ReportMetric(0, "ns/op")
}

// rate runs call n times from sqsClients goroutines and returns calls/s.
func rate(n int, call func(i int) error) float64 {
	var next atomic.Int64
	var wg sync.WaitGroup
	begin := time.Now()
	for range sqsClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				if err := call(int(i)); err != nil {
					panic(err)
				}
			}
		}()
	}
	wg.Wait()
	return float64(n) / time.Since(begin).Seconds()
}

// drainRate receives and deletes total messages and returns messages/s.
func drainRate(b *testing.B, c *sqs.Client, url *string, total int) float64 {
	var done atomic.Int64
	var wg sync.WaitGroup
	ctx := context.Background()
	begin := time.Now()
	for range sqsClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done.Load() < int64(total) {
				out, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
				if err != nil {
					b.Error(err)
					return
				}
				if len(out.Messages) == 0 {
					continue
				}
				del := make([]types.DeleteMessageBatchRequestEntry, len(out.Messages))
				for i, m := range out.Messages {
					del[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle}
				}
				if _, err := c.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: del}); err != nil {
					b.Error(err)
					return
				}
				done.Add(int64(len(out.Messages)))
			}
		}()
	}
	wg.Wait()
	return float64(total) / time.Since(begin).Seconds()
}

// rawPublishRate publishes n messages into a stream like a queue's, from
// sqsClients goroutines, each waiting for its acknowledgement.
func rawPublishRate(b *testing.B, addr string, n int, body []byte) float64 {
	nc, err := nats.Connect("nats://" + addr)
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "RAWBENCH", Subjects: []string{"rawbench"},
		Storage: jetstream.FileStorage, Retention: jetstream.WorkQueuePolicy}); err != nil {
		b.Fatal(err)
	}
	return rate(n, func(int) error {
		_, err := js.Publish(ctx, "rawbench", body)
		return err
	})
}
