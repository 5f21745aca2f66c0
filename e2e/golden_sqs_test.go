package e2e

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// sqsJSON is a json-1.0 SQS request; its golden file is json-<name>.json.
func sqsJSON(name, op string, body map[string]any) exchange {
	data, _ := json.Marshal(body)
	return exchange{name: "json-" + name, service: "sqs", method: "POST", path: "/", body: data,
		header: map[string]string{"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS." + op}}
}

// sqsQuery is a query-protocol SQS request; its golden file is
// query-<name>.xml.
func sqsQuery(name, action string, params ...string) exchange {
	return queryCall("query-"+name, "sqs", "2012-11-05", action, params...)
}

// atPath posts a query request to a queue's path, as older clients do.
func (e exchange) atPath(path string) exchange { e.path = path; return e }

// withHandle sends e with the receipt handle held in *handle, which an
// earlier step filled, in place of "RECEIPT-HANDLE".
func (e exchange) withHandle(handle *string) exchange {
	body := e.body
	e.lazy = func() []byte {
		h := *handle
		if queryAction(body) != "" {
			h = url.QueryEscape(h)
		}
		return []byte(strings.ReplaceAll(string(body), "RECEIPT-HANDLE", h))
	}
	return e
}

// TestGoldenSQS pins the response of every SQS operation in both protocols,
// and of each kind of error a request can provoke.
func TestGoldenSQS(t *testing.T) {
	s := startServer(t)
	c := s.sqs()
	q := s.endpoint + "/" + s.admin.AccountID + "/golden"
	fifo := s.endpoint + "/" + s.admin.AccountID + "/golden.fifo"
	dlqARN := "arn:aws:sqs:us-east-1:" + s.admin.AccountID + ":golden-dlq"
	var handle string
	take := func(queue string) func(t *testing.T) {
		return func(t *testing.T) {
			msgs := receiveSQS(t, c, &sqs.ReceiveMessageInput{QueueUrl: aws.String(queue), WaitTimeSeconds: 1})
			if len(msgs) == 0 {
				t.Fatal("no message to take a receipt handle from")
			}
			handle = aws.ToString(msgs[0].ReceiptHandle)
		}
	}
	send := func(queue, body string) func(t *testing.T) {
		return func(t *testing.T) {
			in := &sqs.SendMessageInput{QueueUrl: aws.String(queue), MessageBody: aws.String(body)}
			if strings.HasSuffix(queue, ".fifo") {
				in.MessageGroupId = aws.String("taken")
			}
			if _, err := c.SendMessage(ctx(t), in); err != nil {
				t.Fatal(err)
			}
		}
	}
	sendTake := func(queue string) func(t *testing.T) {
		return func(t *testing.T) {
			send(queue, "to take")(t)
			take(queue)(t)
		}
	}
	waitTask := func(t *testing.T) {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			out, err := c.ListMessageMoveTasks(ctx(t), &sqs.ListMessageMoveTasksInput{SourceArn: aws.String(dlqARN)})
			if err == nil && len(out.Results) > 0 && aws.ToString(out.Results[0].Status) == "COMPLETED" {
				return
			}
		}
		t.Fatal("the move task did not complete")
	}
	attrs := map[string]any{"Colour": map[string]any{"DataType": "String", "StringValue": "red"}, "Blob": map[string]any{"DataType": "Binary", "BinaryValue": "AAEC"}}

	runGolden(t, s, []exchange{
		// Queues.
		sqsJSON("create-queue", "CreateQueue", map[string]any{"QueueName": "golden", "Attributes": map[string]string{"VisibilityTimeout": "60"}, "tags": map[string]string{"team": "core"}}),
		sqsJSON("create-queue-again", "CreateQueue", map[string]any{"QueueName": "golden", "Attributes": map[string]string{"VisibilityTimeout": "60"}}),
		sqsJSON("create-queue-fifo", "CreateQueue", map[string]any{"QueueName": "golden.fifo", "Attributes": map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"}}),
		sqsJSON("create-dead-letter-queue", "CreateQueue", map[string]any{"QueueName": "golden-dlq"}),
		sqsJSON("get-queue-url", "GetQueueUrl", map[string]any{"QueueName": "golden"}),
		sqsJSON("list-queues", "ListQueues", map[string]any{"QueueNamePrefix": "golden"}),
		sqsJSON("list-queues-paged", "ListQueues", map[string]any{"QueueNamePrefix": "golden", "MaxResults": 2}),
		sqsJSON("set-queue-attributes", "SetQueueAttributes", map[string]any{"QueueUrl": q, "Attributes": map[string]string{
			"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqARN + `","maxReceiveCount":5}`}}),
		sqsJSON("get-queue-attributes", "GetQueueAttributes", map[string]any{"QueueUrl": q, "AttributeNames": []string{"All"}}),
		sqsJSON("get-queue-attributes-some", "GetQueueAttributes", map[string]any{"QueueUrl": q, "AttributeNames": []string{"VisibilityTimeout", "QueueArn"}}),
		sqsJSON("list-dead-letter-source-queues", "ListDeadLetterSourceQueues", map[string]any{"QueueUrl": s.endpoint + "/" + s.admin.AccountID + "/golden-dlq"}),
		sqsJSON("tag-queue", "TagQueue", map[string]any{"QueueUrl": q, "Tags": map[string]string{"env": "test"}}),
		sqsJSON("untag-queue", "UntagQueue", map[string]any{"QueueUrl": q, "TagKeys": []string{"team"}}),
		sqsJSON("list-queue-tags", "ListQueueTags", map[string]any{"QueueUrl": q}),

		// Messages.
		sqsJSON("send-message", "SendMessage", map[string]any{"QueueUrl": q, "MessageBody": "hello", "MessageAttributes": attrs,
			"MessageSystemAttributes": map[string]any{"AWSTraceHeader": map[string]any{"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}}}),
		sqsJSON("send-message-fifo", "SendMessage", map[string]any{"QueueUrl": fifo, "MessageBody": "first", "MessageGroupId": "g"}),
		sqsJSON("send-message-batch", "SendMessageBatch", map[string]any{"QueueUrl": q, "Entries": []map[string]any{
			{"Id": "ok", "MessageBody": "batched"}, {"Id": "bad", "MessageBody": "late", "DelaySeconds": 901}}}),
		sqsJSON("receive-message", "ReceiveMessage", map[string]any{"QueueUrl": q, "MaxNumberOfMessages": 1,
			"MessageSystemAttributeNames": []string{"All"}, "MessageAttributeNames": []string{"All"}}),
		sqsJSON("receive-message-fifo", "ReceiveMessage", map[string]any{"QueueUrl": fifo, "AttributeNames": []string{"All"}}),
		sqsJSON("receive-message-empty", "ReceiveMessage", map[string]any{"QueueUrl": s.endpoint + "/" + s.admin.AccountID + "/golden-dlq"}),
		sqsJSON("change-message-visibility", "ChangeMessageVisibility", map[string]any{"QueueUrl": q, "ReceiptHandle": "RECEIPT-HANDLE", "VisibilityTimeout": 0}).
			withHandle(&handle).first(sendTake(q)),
		sqsJSON("delete-message", "DeleteMessage", map[string]any{"QueueUrl": q, "ReceiptHandle": "RECEIPT-HANDLE"}).withHandle(&handle).first(sendTake(q)),
		sqsJSON("change-message-visibility-batch", "ChangeMessageVisibilityBatch", map[string]any{"QueueUrl": q, "Entries": []map[string]any{
			{"Id": "ok", "ReceiptHandle": "RECEIPT-HANDLE", "VisibilityTimeout": 10}, {"Id": "bad", "ReceiptHandle": "nope", "VisibilityTimeout": 10}}}).
			withHandle(&handle).first(sendTake(q)),
		sqsJSON("delete-message-batch", "DeleteMessageBatch", map[string]any{"QueueUrl": q, "Entries": []map[string]any{
			{"Id": "ok", "ReceiptHandle": "RECEIPT-HANDLE"}, {"Id": "bad", "ReceiptHandle": "nope"}}}).withHandle(&handle).first(sendTake(q)),
		sqsJSON("purge-queue", "PurgeQueue", map[string]any{"QueueUrl": q}),
		sqsJSON("start-message-move-task", "StartMessageMoveTask", map[string]any{"SourceArn": dlqARN}).then(waitTask),
		sqsJSON("list-message-move-tasks", "ListMessageMoveTasks", map[string]any{"SourceArn": dlqARN}),

		// Errors.
		sqsJSON("error-unknown-queue", "GetQueueUrl", map[string]any{"QueueName": "nope"}),
		sqsJSON("error-queue-exists", "CreateQueue", map[string]any{"QueueName": "golden", "Attributes": map[string]string{"VisibilityTimeout": "1"}}),
		sqsJSON("error-bad-queue-name", "CreateQueue", map[string]any{"QueueName": "bad name"}),
		sqsJSON("error-unknown-attribute", "SetQueueAttributes", map[string]any{"QueueUrl": q, "Attributes": map[string]string{"Colour": "red"}}),
		sqsJSON("error-bad-attribute-value", "SetQueueAttributes", map[string]any{"QueueUrl": q, "Attributes": map[string]string{"VisibilityTimeout": "43201"}}),
		sqsJSON("error-bad-receipt-handle", "DeleteMessage", map[string]any{"QueueUrl": q, "ReceiptHandle": "nope"}),
		sqsJSON("error-oversize", "SendMessage", map[string]any{"QueueUrl": q, "MessageBody": strings.Repeat("x", 1048577)}),
		sqsJSON("error-bad-characters", "SendMessage", map[string]any{"QueueUrl": q, "MessageBody": "bell \u0007"}),
		sqsJSON("error-fifo-without-group", "SendMessage", map[string]any{"QueueUrl": fifo, "MessageBody": "x"}),
		sqsJSON("error-missing-body", "SendMessage", map[string]any{"QueueUrl": q}),
		sqsJSON("error-empty-batch", "SendMessageBatch", map[string]any{"QueueUrl": q, "Entries": []any{}}),
		sqsJSON("error-too-many-entries", "DeleteMessageBatch", map[string]any{"QueueUrl": q, "Entries": tooMany()}),
		sqsJSON("error-duplicate-ids", "SendMessageBatch", map[string]any{"QueueUrl": q, "Entries": []map[string]any{
			{"Id": "a", "MessageBody": "x"}, {"Id": "a", "MessageBody": "y"}}}),
		sqsJSON("error-batch-too-long", "SendMessageBatch", map[string]any{"QueueUrl": q, "Entries": []map[string]any{
			{"Id": "a", "MessageBody": strings.Repeat("x", 600000)}, {"Id": "b", "MessageBody": strings.Repeat("y", 600000)}}}),
		sqsJSON("error-bad-batch-id", "SendMessageBatch", map[string]any{"QueueUrl": q, "Entries": []map[string]any{{"Id": "a b", "MessageBody": "x"}}}),
		sqsJSON("error-max-messages", "ReceiveMessage", map[string]any{"QueueUrl": q, "MaxNumberOfMessages": 11}),
		sqsJSON("error-message-not-in-flight", "ChangeMessageVisibility", map[string]any{"QueueUrl": fifo, "ReceiptHandle": "RECEIPT-HANDLE", "VisibilityTimeout": 5}).
			withHandle(&handle).first(func(t *testing.T) {
			sendTake(fifo)(t)
			out, err := c.ChangeMessageVisibility(ctx(t), &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(fifo), ReceiptHandle: aws.String(handle), VisibilityTimeout: 0})
			if err != nil {
				t.Fatal(out, err)
			}
		}),
		sqsJSON("error-not-a-dead-letter-queue", "StartMessageMoveTask", map[string]any{"SourceArn": "arn:aws:sqs:us-east-1:" + s.admin.AccountID + ":golden"}),
		sqsJSON("error-unknown-task", "CancelMessageMoveTask", map[string]any{"TaskHandle": "bm9wZQ=="}),
		sqsJSON("error-unknown-operation", "AddPermission", map[string]any{"QueueUrl": q}),
		sqsJSON("error-access-denied-role-session", "SendMessage", map[string]any{"QueueUrl": q, "MessageBody": "x"}).bySession(s.reader),
		sqsJSON("error-access-denied-queue-policy", "SendMessageBatch", map[string]any{"QueueUrl": q + "-denied",
			"Entries": []map[string]any{{"Id": "a", "MessageBody": "x"}}}).bySession(func(t *testing.T) account {
			deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*"}]}`
			if _, err := c.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("golden-denied"), Attributes: map[string]string{"Policy": deny}}); err != nil {
				t.Fatal(err)
			}
			return s.reader(t)
		}),
		sqsJSON("delete-queue", "DeleteQueue", map[string]any{"QueueUrl": s.endpoint + "/" + s.admin.AccountID + "/golden-dlq"}),

		// The query protocol.
		sqsQuery("create-queue", "CreateQueue", "QueueName", "golden-xml", "Attribute.1.Name", "DelaySeconds", "Attribute.1.Value", "0",
			"Tag.1.Key", "team", "Tag.1.Value", "core"),
		sqsQuery("get-queue-url", "GetQueueUrl", "QueueName", "golden-xml"),
		sqsQuery("list-queues", "ListQueues", "QueueNamePrefix", "golden-xml"),
		sqsQuery("send-message", "SendMessage", "QueueUrl", q+"-xml", "MessageBody", "hello",
			"MessageAttribute.1.Name", "Colour", "MessageAttribute.1.Value.DataType", "String", "MessageAttribute.1.Value.StringValue", "red",
			"MessageAttribute.2.Name", "Blob", "MessageAttribute.2.Value.DataType", "Binary", "MessageAttribute.2.Value.BinaryValue", "AAEC"),
		sqsQuery("send-message-batch", "SendMessageBatch", "QueueUrl", q+"-xml",
			"SendMessageBatchRequestEntry.1.Id", "ok", "SendMessageBatchRequestEntry.1.MessageBody", "batched",
			"SendMessageBatchRequestEntry.2.Id", "bad", "SendMessageBatchRequestEntry.2.MessageBody", "x", "SendMessageBatchRequestEntry.2.DelaySeconds", "901"),
		sqsQuery("receive-message", "ReceiveMessage", "QueueUrl", q+"-xml", "AttributeName.1", "All", "MessageAttributeName.1", "All"),
		sqsQuery("delete-message-batch", "DeleteMessageBatch", "QueueUrl", q+"-xml",
			"DeleteMessageBatchRequestEntry.1.Id", "ok", "DeleteMessageBatchRequestEntry.1.ReceiptHandle", "RECEIPT-HANDLE",
			"DeleteMessageBatchRequestEntry.2.Id", "bad", "DeleteMessageBatchRequestEntry.2.ReceiptHandle", "nope").withHandle(&handle).first(sendTake(q + "-xml")),
		sqsQuery("get-queue-attributes-at-path", "GetQueueAttributes", "AttributeName.1", "VisibilityTimeout", "AttributeName.2", "DelaySeconds").
			atPath("/" + s.admin.AccountID + "/golden-xml"),
		sqsQuery("list-queue-tags", "ListQueueTags", "QueueUrl", q+"-xml"),
		sqsQuery("delete-queue", "DeleteQueue", "QueueUrl", q+"-xml"),
		sqsQuery("error-unknown-queue", "GetQueueUrl", "QueueName", "nope"),
		sqsQuery("error-queue-exists", "CreateQueue", "QueueName", "golden", "Attribute.1.Name", "VisibilityTimeout", "Attribute.1.Value", "1"),
		sqsQuery("error-unknown-attribute", "GetQueueAttributes", "QueueUrl", q, "AttributeName.1", "Colour"),
		sqsQuery("error-bad-receipt-handle", "DeleteMessage", "QueueUrl", q, "ReceiptHandle", "nope"),
		sqsQuery("error-oversize", "SendMessage", "QueueUrl", q, "MessageBody", strings.Repeat("x", 1048577)),
		sqsQuery("error-fifo-without-group", "SendMessage", "QueueUrl", fifo, "MessageBody", "x"),
		sqsQuery("error-too-many-entries", "DeleteMessageBatch", append([]string{"QueueUrl", q}, tooManyForm()...)...),
		sqsQuery("error-unknown-action", "AddPermission", "QueueUrl", q),
		sqsQuery("error-access-denied-role-session", "ReceiveMessage", "QueueUrl", q).bySession(s.reader),
	})
}

func tooMany() []map[string]any {
	var out []map[string]any
	for i := range 11 {
		out = append(out, map[string]any{"Id": string(rune('a' + i)), "ReceiptHandle": "x"})
	}
	return out
}

func tooManyForm() []string {
	var out []string
	for i := range 11 {
		p := "DeleteMessageBatchRequestEntry." + strconv.Itoa(i+1)
		out = append(out, p+".Id", string(rune('a'+i)), p+".ReceiptHandle", "x")
	}
	return out
}
