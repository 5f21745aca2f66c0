package e2e

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// TestSQSKill9 sends thousands of messages, kills the server with SIGKILL
// while receivers take and delete them, starts it again on the same data
// and shows that every message is received at least once, and that a
// receipt handle from before the crash still deletes its message.
func TestSQSKill9(t *testing.T) {
	t.Parallel()
	const total = 3000
	s := startServer(t)
	c := s.sqs()
	url := createSQSQueue(t, c, "durable", map[string]string{"VisibilityTimeout": "3"})
	held := createSQSQueue(t, c, "held", map[string]string{"VisibilityTimeout": "600"})
	sendAll(t, c, url, total, false)
	if _, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &held, MessageBody: aws.String("held")}); err != nil {
		t.Fatal(err)
	}
	heldMsgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &held})
	if len(heldMsgs) != 1 {
		t.Fatal("held message not received")
	}

	seen := drainThenKill(t, s, c, url, total)

	s.start()
	c = s.sqs()
	if _, err := c.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: &held, ReceiptHandle: heldMsgs[0].ReceiptHandle}); err != nil {
		t.Fatalf("a receipt handle from before the crash: %v", err)
	}
	drainUntil(t, c, url, seen, total)
	if n := seen.len(); n != total {
		t.Fatalf("received %d distinct messages of %d", n, total)
	}
	t.Logf("every one of %d messages received; %d deliveries in all", total, seen.deliveries())
	attrs, err := c.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: &held, AttributeNames: []types.QueueAttributeName{"All"}})
	if err != nil {
		t.Fatal(err)
	}
	if attrs.Attributes["ApproximateNumberOfMessages"] != "0" || attrs.Attributes["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Errorf("the message deleted with an old handle is still there: %v", attrs.Attributes)
	}
}

// drainThenKill receives and deletes from four clients and kills the
// server with SIGKILL once a third of total messages was seen.
func drainThenKill(t *testing.T, s *server, c *sqs.Client, url string, total int) *seenSet {
	seen := &seenSet{m: map[string]int{}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			drainQueue(c, url, seen, stop)
		}()
	}
	for seen.len() < total/3 {
		time.Sleep(10 * time.Millisecond)
	}
	s.kill()
	close(stop)
	wg.Wait()
	t.Logf("received %d distinct messages before SIGKILL", seen.len())
	return seen
}

// TestSQSKill9FIFO is TestSQSKill9 for a FIFO queue, whose in-flight state
// is its groups' records.
func TestSQSKill9FIFO(t *testing.T) {
	const total = 1000
	s := startServer(t)
	c := s.sqs()
	url := createSQSQueue(t, c, "durable.fifo", map[string]string{"VisibilityTimeout": "3", "FifoQueue": "true"})
	sendAll(t, c, url, total, true)
	seen := drainThenKill(t, s, c, url, total)
	s.start()
	drainUntil(t, s.sqs(), url, seen, total)
	if n := seen.len(); n != total {
		t.Fatalf("received %d distinct messages of %d", n, total)
	}
	t.Logf("every one of %d messages received; %d deliveries in all", total, seen.deliveries())
}

// sendAll sends total messages in batches of ten; to a FIFO queue, in
// twenty groups.
func sendAll(t *testing.T, c *sqs.Client, url string, total int, fifo bool) {
	t.Helper()
	for i := 0; i < total; i += 10 {
		var entries []types.SendMessageBatchRequestEntry
		for j := i; j < i+10 && j < total; j++ {
			e := types.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(j)), MessageBody: aws.String(fmt.Sprint("message ", j))}
			if fifo {
				e.MessageGroupId, e.MessageDeduplicationId = aws.String(fmt.Sprint("g", j%20)), aws.String(fmt.Sprint(j))
			}
			entries = append(entries, e)
		}
		out, err := c.SendMessageBatch(ctx(t), &sqs.SendMessageBatchInput{QueueUrl: &url, Entries: entries})
		if err != nil || len(out.Failed) > 0 {
			t.Fatalf("send batch at %d: %v %v", i, err, out)
		}
	}
}

// seenSet counts the deliveries of each message body.
type seenSet struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *seenSet) add(body string) {
	s.mu.Lock()
	s.m[body]++
	s.mu.Unlock()
}

func (s *seenSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

func (s *seenSet) deliveries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.m {
		n += c
	}
	return n
}

// drainQueue receives and deletes until stop is closed or a call fails.
func drainQueue(c *sqs.Client, url string, seen *seenSet, stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		out, err := c.ReceiveMessage(cctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10})
		if err != nil {
			cancel()
			return
		}
		var del []types.DeleteMessageBatchRequestEntry
		for i, m := range out.Messages {
			seen.add(aws.ToString(m.Body))
			del = append(del, types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle})
		}
		if len(del) > 0 {
			if _, err := c.DeleteMessageBatch(cctx, &sqs.DeleteMessageBatchInput{QueueUrl: &url, Entries: del}); err != nil {
				cancel()
				return
			}
		}
		cancel()
	}
}

// drainUntil receives and deletes until total distinct messages were seen
// or a minute passed.
func drainUntil(t *testing.T, c *sqs.Client, url string, seen *seenSet, total int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for seen.len() < total && time.Now().Before(deadline) {
		out, err := c.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 2})
		if err != nil {
			t.Fatal(err)
		}
		var del []types.DeleteMessageBatchRequestEntry
		for i, m := range out.Messages {
			seen.add(aws.ToString(m.Body))
			del = append(del, types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle})
		}
		if len(del) > 0 {
			if _, err := c.DeleteMessageBatch(ctx(t), &sqs.DeleteMessageBatchInput{QueueUrl: &url, Entries: del}); err != nil {
				t.Fatal(err)
			}
		}
	}
}
