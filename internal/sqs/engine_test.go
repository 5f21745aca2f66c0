package sqs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

const account = "123456789012"

func openQueues(t *testing.T) *Queues {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	q, err := Open(ctx, Config{Region: "us-east-1"}, st)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

func create(t *testing.T, q *Queues, name string, attrs map[string]string) string {
	t.Helper()
	arn, err := q.Create(context.Background(), account, name, attrs)
	if err != nil {
		t.Fatal(err)
	}
	return arn
}

func send(t *testing.T, q *Queues, arn string, in SendInput) SendOutput {
	t.Helper()
	out, err := q.Send(context.Background(), arn, in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func receive(t *testing.T, q *Queues, arn string, in ReceiveInput) []Message {
	t.Helper()
	msgs, err := q.Receive(context.Background(), arn, in)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

func TestStandardSendReceiveDelete(t *testing.T) {
	q := openQueues(t)
	ctx := context.Background()
	arn := create(t, q, "orders", nil)
	out := send(t, q, arn, SendInput{Body: "hello", SenderID: "AKID", MessageAttributes: map[string]MessageAttributeValue{
		"Colour": {DataType: "String", StringValue: "red"},
	}})
	if out.MD5OfMessageBody != "5d41402abc4b2a76b9719d911017c592" {
		t.Errorf("MD5OfMessageBody = %s", out.MD5OfMessageBody)
	}
	msgs := receive(t, q, arn, ReceiveInput{Max: 10, AttributeNames: []string{"All"}, MessageAttributeNames: []string{"All"}})
	if len(msgs) != 1 {
		t.Fatalf("received %d messages", len(msgs))
	}
	m := msgs[0]
	if m.MessageID != out.MessageID || m.Body != "hello" || m.Attributes["ApproximateReceiveCount"] != "1" || m.Attributes["SenderId"] != "AKID" {
		t.Errorf("received %+v, sent %+v", m, out)
	}
	if m.MD5OfMessageAttributes != out.MD5OfMessageAttributes || m.MD5OfMessageAttributes == "" {
		t.Errorf("attribute MD5s: sent %s, received %s", out.MD5OfMessageAttributes, m.MD5OfMessageAttributes)
	}
	if again := receive(t, q, arn, ReceiveInput{}); len(again) != 0 {
		t.Errorf("an in-flight message was received again")
	}
	if err := q.Delete(ctx, arn, m.ReceiptHandle); err != nil {
		t.Fatal(err)
	}
	attrs, err := q.Attributes(ctx, arn)
	if err != nil {
		t.Fatal(err)
	}
	if attrs["ApproximateNumberOfMessages"] != "0" || attrs["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Errorf("counts after delete: %v", attrs)
	}
}

func TestVisibility(t *testing.T) {
	q := openQueues(t)
	ctx := context.Background()
	arn := create(t, q, "vis", map[string]string{"VisibilityTimeout": "1"})
	send(t, q, arn, SendInput{Body: "again"})
	first := receive(t, q, arn, ReceiveInput{})
	if len(first) != 1 {
		t.Fatal("no message")
	}
	second := receive(t, q, arn, ReceiveInput{Wait: 3 * time.Second, AttributeNames: []string{"ApproximateReceiveCount"}})
	if len(second) != 1 || second[0].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("after the timeout got %+v", second)
	}
	t.Run("ChangeToZero", func(t *testing.T) {
		if err := q.ChangeVisibility(ctx, arn, second[0].ReceiptHandle, 0); err != nil {
			t.Fatal(err)
		}
		if got := receive(t, q, arn, ReceiveInput{Wait: time.Second}); len(got) != 1 {
			t.Fatalf("a message made visible was not received again")
		}
	})
	t.Run("ExplicitNone", func(t *testing.T) {
		got := receive(t, q, arn, ReceiveInput{Wait: 3 * time.Second, Visibility: -1})
		if len(got) != 1 {
			t.Fatal("no message")
		}
		if again := receive(t, q, arn, ReceiveInput{Wait: time.Second}); len(again) != 1 {
			t.Fatal("a message received with no visibility timeout was hidden")
		}
	})
	t.Run("InvalidHandle", func(t *testing.T) {
		err := q.Delete(ctx, arn, "bm90IGEgaGFuZGxl")
		if !errors.Is(err, ErrReceiptHandleIsInvalid) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestLongPollReturnsOnArrival(t *testing.T) {
	q := openQueues(t)
	arn := create(t, q, "poll", nil)
	go func() {
		time.Sleep(300 * time.Millisecond)
		_, _ = q.Send(context.Background(), arn, SendInput{Body: "late"})
	}()
	start := time.Now()
	msgs := receive(t, q, arn, ReceiveInput{Wait: 10 * time.Second})
	if len(msgs) != 1 || time.Since(start) > 5*time.Second {
		t.Errorf("got %d messages after %v", len(msgs), time.Since(start))
	}
}

func TestDelay(t *testing.T) {
	q := openQueues(t)
	ctx := context.Background()
	arn := create(t, q, "delayed", nil)
	delay := 1
	out := send(t, q, arn, SendInput{Body: "later", DelaySeconds: &delay})
	if got := receive(t, q, arn, ReceiveInput{}); len(got) != 0 {
		t.Fatal("a delayed message was received at once")
	}
	attrs, _ := q.Attributes(ctx, arn)
	if attrs["ApproximateNumberOfMessagesDelayed"] != "1" {
		t.Errorf("delayed count = %s", attrs["ApproximateNumberOfMessagesDelayed"])
	}
	got := receive(t, q, arn, ReceiveInput{Wait: 5 * time.Second, AttributeNames: []string{"All"}})
	if len(got) != 1 || got[0].MessageID != out.MessageID || got[0].Attributes["ApproximateReceiveCount"] != "1" {
		t.Fatalf("got %+v, sent %s", got, out.MessageID)
	}
}

func TestFIFO(t *testing.T) {
	q := openQueues(t)
	ctx := context.Background()
	arn := create(t, q, "jobs.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	for i := range 4 {
		send(t, q, arn, SendInput{Body: fmt.Sprintf("a%d", i), MessageGroupID: "a"})
		send(t, q, arn, SendInput{Body: fmt.Sprintf("b%d", i), MessageGroupID: "b"})
	}
	dup := send(t, q, arn, SendInput{Body: "a0", MessageGroupID: "a"})
	first := receive(t, q, arn, ReceiveInput{Max: 2})
	if len(first) == 0 {
		t.Fatal("nothing received")
	}
	t.Run("Dedup", func(t *testing.T) {
		attrs, _ := q.Attributes(ctx, arn)
		if attrs["ApproximateNumberOfMessages"] != "6" || attrs["ApproximateNumberOfMessagesNotVisible"] != "2" {
			t.Errorf("counts %s visible %s in flight; the duplicate %s was stored?", attrs["ApproximateNumberOfMessages"], attrs["ApproximateNumberOfMessagesNotVisible"], dup.MessageID)
		}
	})
	// Drain: each group in order, never two batches of one group at once.
	seen := map[string][]string{}
	inFlight := first
	for len(inFlight) > 0 {
		for _, m := range inFlight {
			g := m.Body[:1]
			seen[g] = append(seen[g], m.Body)
			if err := q.Delete(ctx, arn, m.ReceiptHandle); err != nil {
				t.Fatal(err)
			}
		}
		inFlight = receive(t, q, arn, ReceiveInput{Max: 3})
	}
	for _, g := range []string{"a", "b"} {
		want := []string{g + "0", g + "1", g + "2", g + "3"}
		if fmt.Sprint(seen[g]) != fmt.Sprint(want) {
			t.Errorf("group %s came as %v", g, seen[g])
		}
	}
	t.Run("GroupRequired", func(t *testing.T) {
		_, err := q.Send(ctx, arn, SendInput{Body: "x"})
		if !errors.Is(err, ErrMissingParameter) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestFIFOGroupBlocksWhileInFlight(t *testing.T) {
	q := openQueues(t)
	arn := create(t, q, "one.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true", "VisibilityTimeout": "1"})
	send(t, q, arn, SendInput{Body: "1", MessageGroupID: "g"})
	send(t, q, arn, SendInput{Body: "2", MessageGroupID: "g"})
	got := receive(t, q, arn, ReceiveInput{Max: 1})
	if len(got) != 1 || got[0].Body != "1" {
		t.Fatalf("got %+v", got)
	}
	if more := receive(t, q, arn, ReceiveInput{Max: 1}); len(more) != 0 {
		t.Fatalf("the group gave %q while 1 was in flight", more[0].Body)
	}
	again := receive(t, q, arn, ReceiveInput{Max: 1, Wait: 3 * time.Second, AttributeNames: []string{"All"}})
	if len(again) != 1 || again[0].Body != "1" || again[0].Attributes["ApproximateReceiveCount"] != "2" || again[0].Attributes["MessageGroupId"] != "g" {
		t.Fatalf("after the timeout got %+v", again)
	}
}

func TestDeadLetter(t *testing.T) {
	for _, fifo := range []bool{false, true} {
		t.Run(fmt.Sprintf("fifo=%v", fifo), func(t *testing.T) {
			q := openQueues(t)
			ctx := context.Background()
			suffix, attrs := "", map[string]string{}
			if fifo {
				suffix, attrs = ".fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"}
			}
			dlq := create(t, q, "dead"+suffix, attrs)
			src := map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + dlq + `","maxReceiveCount":"2"}`}
			for k, v := range attrs {
				src[k] = v
			}
			arn := create(t, q, "source"+suffix, src)
			out := send(t, q, arn, SendInput{Body: "poison", MessageGroupID: "g"})
			for i := range 2 {
				got := receive(t, q, arn, ReceiveInput{Visibility: -1, Wait: 2 * time.Second})
				if len(got) != 1 {
					t.Fatalf("receive %d got %d messages", i+1, len(got))
				}
			}
			if got := receive(t, q, arn, ReceiveInput{Wait: time.Second}); len(got) != 0 {
				t.Fatalf("received a third time: %+v", got)
			}
			moved := receive(t, q, dlq, ReceiveInput{Wait: 2 * time.Second, AttributeNames: []string{"All"}})
			if len(moved) != 1 || moved[0].MessageID != out.MessageID || moved[0].Attributes["DeadLetterQueueSourceArn"] != arn {
				t.Fatalf("dead-letter queue has %+v", moved)
			}
			t.Run("MoveBack", func(t *testing.T) {
				if err := q.ChangeVisibility(ctx, dlq, moved[0].ReceiptHandle, 0); err != nil {
					t.Fatal(err)
				}
				rec, _ := q.byARN(ctx, dlq)
				if _, err := q.startMoveTask(ctx, account, rec, "", 0); err != nil {
					t.Fatal(err)
				}
				back := receive(t, q, arn, ReceiveInput{Wait: 5 * time.Second})
				if len(back) != 1 || back[0].MessageID != out.MessageID {
					t.Fatalf("moved back: %+v", back)
				}
			})
		})
	}
}

func TestUnknownQueue(t *testing.T) {
	q := openQueues(t)
	ctx := context.Background()
	_, err := q.Attributes(ctx, "arn:aws:sqs:us-east-1:"+account+":nope")
	if !errors.Is(err, aws.ErrNotFound) {
		t.Errorf("err = %v", err)
	}
	t.Run("Deleted", func(t *testing.T) {
		arn := create(t, q, "gone", nil)
		rec := mustQueue(t, q, arn)
		if err := q.deleteQueue(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if _, err := q.receive(ctx, rec, ReceiveInput{}); !errors.Is(err, aws.ErrNotFound) {
			t.Errorf("receive from a deleted queue: %v", err)
		}
		if _, err := q.Send(ctx, arn, SendInput{Body: "x"}); !errors.Is(err, aws.ErrNotFound) {
			t.Errorf("send to a deleted queue: %v", err)
		}
	})
}

func TestConcurrentReceivers(t *testing.T) {
	q := openQueues(t)
	ctx := context.Background()
	arn := create(t, q, "busy", nil)
	const n = 200
	for i := range n {
		send(t, q, arn, SendInput{Body: fmt.Sprint(i)})
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				msgs, err := q.Receive(ctx, arn, ReceiveInput{Max: 10})
				if err != nil || len(msgs) == 0 {
					return
				}
				for _, m := range msgs {
					mu.Lock()
					seen[m.Body]++
					mu.Unlock()
					_ = q.Delete(ctx, arn, m.ReceiptHandle)
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != n {
		t.Errorf("received %d distinct messages of %d", len(seen), n)
	}
	for b, c := range seen {
		if c > 1 {
			t.Errorf("message %s received %d times", b, c)
		}
	}
}

func TestRedriveAllowPolicy(t *testing.T) {
	q := openQueues(t)
	ctx := context.Background()
	closed := create(t, q, "closed-dlq", map[string]string{"RedriveAllowPolicy": `{"redrivePermission":"denyAll"}`})
	chosen := create(t, q, "chosen-dlq", map[string]string{"RedriveAllowPolicy": `{"redrivePermission":"byQueue","sourceQueueArns":["` + q.ARN(account, "allowed") + `"]}`})
	redrive := func(target string) map[string]string {
		return map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + target + `","maxReceiveCount":3}`}
	}
	cases := []struct {
		name, source, target string
		ok                   bool
	}{
		{"DenyAll", "any", closed, false},
		{"ByQueueListed", "allowed", chosen, true},
		{"ByQueueOther", "other", chosen, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := q.Create(ctx, account, c.source, redrive(c.target))
			if c.ok != (err == nil) || err != nil && !errors.Is(err, ErrInvalidAttributeValue) {
				t.Errorf("err = %v", err)
			}
		})
	}
	if _, err := q.Create(ctx, account, "bad-allow", map[string]string{"RedriveAllowPolicy": `{"redrivePermission":"sometimes"}`}); !errors.Is(err, ErrInvalidAttributeValue) {
		t.Errorf("a bad permission: %v", err)
	}
}

func TestDeleteForgetsFirstReceive(t *testing.T) {
	q := openQueues(t)
	ctx := context.Background()
	arn := create(t, q, "forget", nil)
	send(t, q, arn, SendInput{Body: "x"})
	msgs := receive(t, q, arn, ReceiveInput{})
	if len(msgs) != 1 {
		t.Fatal("nothing received")
	}
	h, _ := parseHandle(msgs[0].ReceiptHandle, mustQueue(t, q, arn).ID)
	if seq, ok := replySequence(h.reply); !ok || seq != 1 {
		t.Fatalf("sequence of %s: %d %v", h.reply, seq, ok)
	}
	if err := q.Delete(ctx, arn, msgs[0].ReceiptHandle); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		info, err := q.first.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.State.Msgs == 0 {
			return
		}
	}
	t.Error("the first receive time of a deleted message was kept")
}

func mustQueue(t *testing.T, q *Queues, arn string) *queue {
	t.Helper()
	rec, err := q.byARN(context.Background(), arn)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}
