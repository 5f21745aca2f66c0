package e2e

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
)

// sqs is an SQS client for the server.
func (s *server) sqs() *sqs.Client { return sqs.NewFromConfig(s.awsConfig()) }

// createSQSQueue makes a queue and returns its URL.
func createSQSQueue(t *testing.T, c *sqs.Client, name string, attrs map[string]string) string {
	t.Helper()
	out, err := c.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("create queue %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl)
}

func queueARN(t *testing.T, c *sqs.Client, url string) string {
	t.Helper()
	out, err := c.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: []types.QueueAttributeName{"QueueArn"}})
	if err != nil {
		t.Fatal(err)
	}
	return out.Attributes["QueueArn"]
}

func receiveSQS(t *testing.T, c *sqs.Client, in *sqs.ReceiveMessageInput) []types.Message {
	t.Helper()
	out, err := c.ReceiveMessage(ctx(t), in)
	if err != nil {
		t.Fatalf("receive: %v", err)
	}
	return out.Messages
}

// apiCode is the code of an SDK error, as the SDK shows it.
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestSQSStandard(t *testing.T) {
	s := startServer(t)
	c := s.sqs()
	url := createSQSQueue(t, c, "orders", map[string]string{"VisibilityTimeout": "2"})
	if want := s.endpoint + "/" + s.admin.AccountID + "/orders"; url != want {
		t.Errorf("queue URL = %s, want %s", url, want)
	}

	t.Run("SendReceiveDelete", func(t *testing.T) {
		sent, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("hello ✓"),
			MessageAttributes: map[string]types.MessageAttributeValue{
				"Colour": {DataType: aws.String("String"), StringValue: aws.String("red")},
				"Blob":   {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2}},
				"Count":  {DataType: aws.String("Number.int"), StringValue: aws.String("42")},
			}})
		if err != nil {
			t.Fatal(err) // the SDK checks MD5OfMessageBody
		}
		msgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10,
			MessageAttributeNames: []string{"All"}, MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}})
		if len(msgs) != 1 {
			t.Fatalf("received %d messages", len(msgs))
		}
		m := msgs[0]
		if aws.ToString(m.MessageId) != aws.ToString(sent.MessageId) || aws.ToString(m.Body) != "hello ✓" {
			t.Errorf("received %s %q", aws.ToString(m.MessageId), aws.ToString(m.Body))
		}
		if aws.ToString(m.MD5OfMessageAttributes) != aws.ToString(sent.MD5OfMessageAttributes) {
			t.Errorf("attribute MD5 %s on receive, %s on send", aws.ToString(m.MD5OfMessageAttributes), aws.ToString(sent.MD5OfMessageAttributes))
		}
		if string(m.MessageAttributes["Blob"].BinaryValue) != "\x00\x01\x02" || m.Attributes["ApproximateReceiveCount"] != "1" {
			t.Errorf("attributes %v %v", m.MessageAttributes, m.Attributes)
		}
		if _, err := c.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: m.ReceiptHandle}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("VisibilityTimeoutExpires", func(t *testing.T) {
		if _, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("again")}); err != nil {
			t.Fatal(err)
		}
		first := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &url})
		if len(first) != 1 {
			t.Fatal("nothing received")
		}
		if hidden := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &url}); len(hidden) != 0 {
			t.Fatal("an in-flight message was received")
		}
		again := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &url, WaitTimeSeconds: 5,
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{"ApproximateReceiveCount"}})
		if len(again) != 1 || again[0].Attributes["ApproximateReceiveCount"] != "2" {
			t.Fatalf("after the visibility timeout: %+v", again)
		}
		if _, err := c.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: again[0].ReceiptHandle}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("LongPolling", func(t *testing.T) {
		go func() {
			time.Sleep(500 * time.Millisecond)
			_, _ = c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("late")})
		}()
		start := time.Now()
		msgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &url, WaitTimeSeconds: 20})
		if len(msgs) != 1 || time.Since(start) > 10*time.Second {
			t.Fatalf("long poll gave %d messages after %v", len(msgs), time.Since(start))
		}
		_, _ = c.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: msgs[0].ReceiptHandle})
	})

	t.Run("Batch", func(t *testing.T) {
		var entries []types.SendMessageBatchRequestEntry
		for i := range 10 {
			entries = append(entries, types.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("m", i)), MessageBody: aws.String(fmt.Sprint("body ", i))})
		}
		entries[3].DelaySeconds = 901
		out, err := c.SendMessageBatch(ctx(t), &sqs.SendMessageBatchInput{QueueUrl: &url, Entries: entries})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Successful) != 9 || len(out.Failed) != 1 || aws.ToString(out.Failed[0].Id) != "m3" || aws.ToString(out.Failed[0].Code) != "InvalidParameterValue" {
			t.Fatalf("batch: %d ok, failed %+v", len(out.Successful), out.Failed)
		}
		var got []types.Message
		for len(got) < 9 {
			msgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 30})
			if len(msgs) == 0 {
				break
			}
			got = append(got, msgs...)
		}
		if len(got) != 9 {
			t.Fatalf("received %d of 9", len(got))
		}
		var del []types.DeleteMessageBatchRequestEntry
		for i, m := range got {
			del = append(del, types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle})
		}
		del = append(del, types.DeleteMessageBatchRequestEntry{Id: aws.String("bad"), ReceiptHandle: aws.String("nope")})
		dout, err := c.DeleteMessageBatch(ctx(t), &sqs.DeleteMessageBatchInput{QueueUrl: &url, Entries: del})
		if err != nil {
			t.Fatal(err)
		}
		if len(dout.Successful) != 9 || len(dout.Failed) != 1 || aws.ToString(dout.Failed[0].Code) != "ReceiptHandleIsInvalid" {
			t.Errorf("delete batch: %d ok, failed %+v", len(dout.Successful), dout.Failed)
		}
		_, err = c.SendMessageBatch(ctx(t), &sqs.SendMessageBatchInput{QueueUrl: &url, Entries: []types.SendMessageBatchRequestEntry{
			{Id: aws.String("a"), MessageBody: aws.String("x")}, {Id: aws.String("a"), MessageBody: aws.String("y")}}})
		if apiCode(err) != "AWS.SimpleQueueService.BatchEntryIdsNotDistinct" {
			t.Errorf("duplicate ids: %v", err)
		}
		var dup *types.BatchEntryIdsNotDistinct
		if !errors.As(err, &dup) {
			t.Errorf("duplicate ids gave %T, not the modelled error", err)
		}
	})

	t.Run("AttributesAndTags", func(t *testing.T) {
		if _, err := c.SetQueueAttributes(ctx(t), &sqs.SetQueueAttributesInput{QueueUrl: &url, Attributes: map[string]string{"DelaySeconds": "0", "MaximumMessageSize": "2048"}}); err != nil {
			t.Fatal(err)
		}
		out, err := c.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: &url, AttributeNames: []types.QueueAttributeName{"All"}})
		if err != nil {
			t.Fatal(err)
		}
		if out.Attributes["MaximumMessageSize"] != "2048" || out.Attributes["QueueArn"] != "arn:aws:sqs:us-east-1:"+s.admin.AccountID+":orders" {
			t.Errorf("attributes %v", out.Attributes)
		}
		_, err = c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String(strings.Repeat("x", 2049))})
		if apiCode(err) != "InvalidParameterValue" {
			t.Errorf("oversize message: %v", err)
		}
		if _, err := c.TagQueue(ctx(t), &sqs.TagQueueInput{QueueUrl: &url, Tags: map[string]string{"team": "core", "env": "dev"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UntagQueue(ctx(t), &sqs.UntagQueueInput{QueueUrl: &url, TagKeys: []string{"env"}}); err != nil {
			t.Fatal(err)
		}
		tags, err := c.ListQueueTags(ctx(t), &sqs.ListQueueTagsInput{QueueUrl: &url})
		if err != nil || len(tags.Tags) != 1 || tags.Tags["team"] != "core" {
			t.Errorf("tags %v, %v", tags, err)
		}
	})

	t.Run("OtherHost", func(t *testing.T) {
		other := strings.Replace(url, s.endpoint, "https://sqs.us-east-1.amazonaws.com", 1)
		if _, err := c.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: &other, AttributeNames: []types.QueueAttributeName{"QueueArn"}}); err != nil {
			t.Errorf("a queue URL with another host: %v", err)
		}
	})

	t.Run("ListAndPurge", func(t *testing.T) {
		for _, n := range []string{"orders-a", "orders-b", "other"} {
			createSQSQueue(t, c, n, nil)
		}
		page, err := c.ListQueues(ctx(t), &sqs.ListQueuesInput{QueueNamePrefix: aws.String("orders"), MaxResults: aws.Int32(2)})
		if err != nil || len(page.QueueUrls) != 2 || page.NextToken == nil {
			t.Fatalf("first page %+v, %v", page, err)
		}
		rest, err := c.ListQueues(ctx(t), &sqs.ListQueuesInput{QueueNamePrefix: aws.String("orders"), MaxResults: aws.Int32(2), NextToken: page.NextToken})
		if err != nil || len(rest.QueueUrls) != 1 || rest.NextToken != nil {
			t.Fatalf("second page %+v, %v", rest, err)
		}
		if _, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("purged")}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.PurgeQueue(ctx(t), &sqs.PurgeQueueInput{QueueUrl: &url}); err != nil {
			t.Fatal(err)
		}
		if msgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &url}); len(msgs) != 0 {
			t.Errorf("a purged queue gave %d messages", len(msgs))
		}
	})

	t.Run("Errors", func(t *testing.T) {
		_, err := c.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String("missing")})
		var missing *types.QueueDoesNotExist
		if !errors.As(err, &missing) || apiCode(err) != "AWS.SimpleQueueService.NonExistentQueue" {
			t.Errorf("unknown queue: %T %v", err, err)
		}
		_, err = c.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("orders"), Attributes: map[string]string{"VisibilityTimeout": "9"}})
		var exists *types.QueueNameExists
		if !errors.As(err, &exists) || apiCode(err) != "QueueAlreadyExists" {
			t.Errorf("create with other attributes: %T %v", err, err)
		}
		_, err = c.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: aws.String("garbage")})
		var handle *types.ReceiptHandleIsInvalid
		if !errors.As(err, &handle) {
			t.Errorf("bad receipt handle: %T %v", err, err)
		}
		_, err = c.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: &url, AttributeNames: []types.QueueAttributeName{"Colour"}})
		var name *types.InvalidAttributeName
		if !errors.As(err, &name) {
			t.Errorf("bad attribute name: %T %v", err, err)
		}
		_, err = c.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 11})
		if apiCode(err) != "InvalidParameterValue" {
			t.Errorf("11 messages: %v", err)
		}
	})
}

func TestSQSFIFO(t *testing.T) {
	s := startServer(t)
	c := s.sqs()
	url := createSQSQueue(t, c, "jobs.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	var seqs []string
	for i := range 5 {
		for _, g := range []string{"a", "b", "c"} {
			out, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String(fmt.Sprint(g, i)), MessageGroupId: aws.String(g)})
			if err != nil {
				t.Fatal(err)
			}
			seqs = append(seqs, aws.ToString(out.SequenceNumber))
		}
	}
	for i := 1; i < len(seqs); i++ {
		if seqs[i] <= seqs[i-1] {
			t.Errorf("sequence numbers %s then %s", seqs[i-1], seqs[i])
		}
	}
	t.Run("Dedup", func(t *testing.T) {
		first, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("once"), MessageGroupId: aws.String("d"), MessageDeduplicationId: aws.String("k1")})
		if err != nil {
			t.Fatal(err)
		}
		dup, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("once"), MessageGroupId: aws.String("d"), MessageDeduplicationId: aws.String("k1")})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(dup.MessageId) != aws.ToString(first.MessageId) || aws.ToString(dup.SequenceNumber) != aws.ToString(first.SequenceNumber) {
			t.Errorf("a duplicate got %s/%s, the first %s/%s", aws.ToString(dup.MessageId), aws.ToString(dup.SequenceNumber), aws.ToString(first.MessageId), aws.ToString(first.SequenceNumber))
		}
	})
	t.Run("OrderPerGroup", func(t *testing.T) {
		seen := map[string][]string{}
		for {
			msgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 4, WaitTimeSeconds: 1,
				MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}})
			if len(msgs) == 0 {
				break
			}
			for _, m := range msgs {
				g := m.Attributes["MessageGroupId"]
				if m.Attributes["SequenceNumber"] == "" || m.Attributes["MessageDeduplicationId"] == "" {
					t.Errorf("FIFO attributes missing: %v", m.Attributes)
				}
				seen[g] = append(seen[g], aws.ToString(m.Body))
				if _, err := c.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: m.ReceiptHandle}); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, g := range []string{"a", "b", "c"} {
			if want := fmt.Sprint([]string{g + "0", g + "1", g + "2", g + "3", g + "4"}); fmt.Sprint(seen[g]) != want {
				t.Errorf("group %s came as %v", g, seen[g])
			}
		}
		if fmt.Sprint(seen["d"]) != "[once]" {
			t.Errorf("the deduplicated group came as %v", seen["d"])
		}
	})
	t.Run("Errors", func(t *testing.T) {
		_, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("x")})
		if apiCode(err) != "MissingParameter" {
			t.Errorf("no group id: %v", err)
		}
		_, err = c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("x"), MessageGroupId: aws.String("g"), DelaySeconds: 5})
		if apiCode(err) != "InvalidParameterValue" {
			t.Errorf("a delay per message: %v", err)
		}
	})
}

func TestSQSDeadLetter(t *testing.T) {
	s := startServer(t)
	c := s.sqs()
	dlq := createSQSQueue(t, c, "dead", nil)
	dlqARN := queueARN(t, c, dlq)
	src := createSQSQueue(t, c, "work", map[string]string{"VisibilityTimeout": "1",
		"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqARN + `","maxReceiveCount":"2"}`})
	sent, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: &src, MessageBody: aws.String("poison")})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if msgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &src, WaitTimeSeconds: 3}); len(msgs) != 1 {
			t.Fatalf("receive %d: %d messages", i+1, len(msgs))
		}
	}
	if msgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &src, WaitTimeSeconds: 2}); len(msgs) != 0 {
		t.Fatal("the message was received a third time")
	}
	dead := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &dlq, WaitTimeSeconds: 2,
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}})
	if len(dead) != 1 || aws.ToString(dead[0].MessageId) != aws.ToString(sent.MessageId) || dead[0].Attributes["DeadLetterQueueSourceArn"] != queueARN(t, c, src) {
		t.Fatalf("the dead-letter queue has %+v", dead)
	}
	if _, err := c.ChangeMessageVisibility(ctx(t), &sqs.ChangeMessageVisibilityInput{QueueUrl: &dlq, ReceiptHandle: dead[0].ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	sources, err := c.ListDeadLetterSourceQueues(ctx(t), &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: &dlq})
	if err != nil || len(sources.QueueUrls) != 1 || sources.QueueUrls[0] != src {
		t.Errorf("dead-letter sources %v, %v", sources, err)
	}

	t.Run("MoveBack", func(t *testing.T) {
		task, err := c.StartMessageMoveTask(ctx(t), &sqs.StartMessageMoveTaskInput{SourceArn: aws.String(dlqARN)})
		if err != nil {
			t.Fatal(err)
		}
		back := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: &src, WaitTimeSeconds: 10})
		if len(back) != 1 || aws.ToString(back[0].MessageId) != aws.ToString(sent.MessageId) {
			t.Fatalf("moved back: %+v", back)
		}
		var status string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			list, err := c.ListMessageMoveTasks(ctx(t), &sqs.ListMessageMoveTasksInput{SourceArn: aws.String(dlqARN)})
			if err != nil || len(list.Results) != 1 {
				t.Fatalf("tasks %+v, %v", list, err)
			}
			if status = aws.ToString(list.Results[0].Status); status == "COMPLETED" {
				if list.Results[0].ApproximateNumberOfMessagesMoved != 1 {
					t.Errorf("moved %d", list.Results[0].ApproximateNumberOfMessagesMoved)
				}
				break
			}
		}
		if status != "COMPLETED" {
			t.Errorf("task status %s", status)
		}
		_, err = c.CancelMessageMoveTask(ctx(t), &sqs.CancelMessageMoveTaskInput{TaskHandle: task.TaskHandle})
		if apiCode(err) == "" {
			t.Errorf("cancelling a finished task succeeded")
		}
	})
}
