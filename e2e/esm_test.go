package e2e

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// consumer prints each message it is given and the size of each batch. It
// fails the messages whose body begins with "fail" the first time it sees
// them, reporting them as batch item failures, and fails a whole batch
// that holds "boom".
const consumer = `import json
def handler(event, context):
    failures = []
    for r in event["Records"]:
        count = r["attributes"]["ApproximateReceiveCount"]
        print("SEEN " + json.dumps({"id": r["messageId"], "body": r["body"], "count": count, "record": r}, separators=(",", ":")))
        if r["body"].startswith("fail") and count == "1":
            failures.append({"itemIdentifier": r["messageId"]})
        if r["body"] == "boom":
            raise Exception("boom")
    print("BATCH %d" % len(event["Records"]))
    return {"batchItemFailures": failures}
`

// makeQueue makes a queue and returns its URL and ARN.
func makeQueue(t *testing.T, s *server, name string, attrs map[string]string) (string, string) {
	t.Helper()
	url := createSQSQueue(t, s.sqs(), name, attrs)
	return url, queueARN(t, s.sqs(), url)
}

// sendBodies sends each body as a message, ten to a batch, and returns
// the messages' ids.
func sendBodies(t *testing.T, s *server, url string, bodies ...string) []string {
	t.Helper()
	var ids []string
	for len(bodies) > 0 {
		n := min(10, len(bodies))
		var entries []sqstypes.SendMessageBatchRequestEntry
		for i, b := range bodies[:n] {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(b)})
		}
		out, err := s.sqs().SendMessageBatch(ctx(t), &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
		if err != nil || len(out.Failed) > 0 {
			t.Fatalf("send: %v %+v", err, out)
		}
		for _, ok := range out.Successful {
			ids = append(ids, *ok.MessageId)
		}
		bodies = bodies[n:]
	}
	return ids
}

// mapQueue maps a queue to a function and waits until the mapping is
// Enabled.
func mapQueue(t *testing.T, s *server, fn, queueARN string, mutate func(*lambda.CreateEventSourceMappingInput)) string {
	t.Helper()
	in := &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fn), EventSourceArn: aws.String(queueARN)}
	if mutate != nil {
		mutate(in)
	}
	out, err := s.lambda().CreateEventSourceMapping(ctx(t), in)
	if err != nil {
		t.Fatalf("map %s to %s: %v", queueARN, fn, err)
	}
	if *out.State != "Creating" {
		t.Fatalf("a new mapping is %s, want Creating", *out.State)
	}
	waitMapping(t, s, *out.UUID, "Enabled")
	return *out.UUID
}

// waitMapping waits until a mapping is in state.
func waitMapping(t *testing.T, s *server, uuid, state string) *lambda.GetEventSourceMappingOutput {
	t.Helper()
	var last string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		out, err := s.lambda().GetEventSourceMapping(ctx(t), &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		if err != nil {
			t.Fatalf("get mapping %s: %v", uuid, err)
		}
		if last = *out.State; last == state {
			return out
		}
	}
	t.Fatalf("mapping %s is %s, want %s", uuid, last, state)
	return nil
}

// seenMessage is one message as the consumer printed it.
type seenMessage struct {
	ID, Body, Count string
	Record          map[string]any
}

// seen returns what the consumer printed: the messages and batch sizes.
func seen(t *testing.T, s *server, fn string) (msgs []seenMessage, batches []int) {
	t.Helper()
	for _, line := range strings.Split(logText(t, s, fn), "\n") {
		if _, rest, ok := strings.Cut(line, "SEEN "); ok {
			var m seenMessage
			if err := json.Unmarshal([]byte(rest), &m); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			msgs = append(msgs, m)
		}
		if _, rest, ok := strings.Cut(line, "BATCH "); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(rest))
			batches = append(batches, n)
		}
	}
	return msgs, batches
}

// waitSeen waits until the consumer printed at least n messages.
func waitSeen(t *testing.T, s *server, fn string, n int) []seenMessage {
	t.Helper()
	var msgs []seenMessage
	for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		if msgs, _ = seen(t, s, fn); len(msgs) >= n {
			return msgs
		}
	}
	t.Fatalf("%s saw %d messages, want %d", fn, len(msgs), n)
	return nil
}

// queueCounts is how many messages a queue holds, visible and in flight.
func queueCounts(t *testing.T, s *server, url string) (visible, inFlight int) {
	t.Helper()
	out, err := s.sqs().GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
	if err != nil {
		t.Fatal(err)
	}
	visible, _ = strconv.Atoi(out.Attributes["ApproximateNumberOfMessages"])
	inFlight, _ = strconv.Atoi(out.Attributes["ApproximateNumberOfMessagesNotVisible"])
	return visible, inFlight
}

// waitEmpty waits until a queue holds no message at all.
func waitEmpty(t *testing.T, s *server, url string) {
	t.Helper()
	var v, f int
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if v, f = queueCounts(t, s, url); v+f == 0 {
			return
		}
	}
	t.Fatalf("queue %s still holds %d visible and %d in-flight messages", url, v, f)
}

func createConsumer(t *testing.T, s *server, name string, timeout int32) {
	t.Helper()
	createFn(t, s, name, "python3.12", "app.handler", map[string]string{"app.py": consumer}, func(in *lambda.CreateFunctionInput) {
		in.Timeout = aws.Int32(timeout)
	})
}

func TestESMQueueFeedsFunction(t *testing.T) {
	s := startServer(t)
	createConsumer(t, s, "consumer", 10)
	url, queueARN := makeQueue(t, s, "work", nil)
	var bodies []string
	for i := range 24 {
		bodies = append(bodies, fmt.Sprint("message ", i))
	}
	sendBodies(t, s, url, bodies...)
	_, err := s.sqs().SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("with attributes"),
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{
			"color": {DataType: aws.String("String"), StringValue: aws.String("blue")},
			"blob":  {DataType: aws.String("Binary"), BinaryValue: []byte{1, 2, 3}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	uuid := mapQueue(t, s, "consumer", queueARN, nil)

	msgs := waitSeen(t, s, "consumer", 25)
	waitEmpty(t, s, url)
	ids := map[string]bool{}
	for _, m := range msgs {
		ids[m.ID] = true
		r := m.Record
		if r["eventSource"] != "aws:sqs" || r["eventSourceARN"] != queueARN || r["awsRegion"] != "us-east-1" || r["receiptHandle"] == "" || r["md5OfBody"] == "" {
			t.Errorf("record %v", r)
		}
		if m.Body != "with attributes" {
			continue
		}
		attrs, _ := json.Marshal(r["messageAttributes"])
		want := `{"blob":{"binaryListValues":[],"binaryValue":"AQID","dataType":"Binary","stringListValues":[]},"color":{"binaryListValues":[],"dataType":"String","stringListValues":[],"stringValue":"blue"}}`
		if string(attrs) != want || r["md5OfMessageAttributes"] == nil {
			t.Errorf("message attributes %s (md5 %v), want %s", attrs, r["md5OfMessageAttributes"], want)
		}
	}
	if len(ids) != 25 {
		t.Errorf("the function saw %d distinct messages, want 25", len(ids))
	}
	_, batches := seen(t, s, "consumer")
	for _, n := range batches {
		if n > 10 {
			t.Errorf("a batch of %d messages, the default batch size is 10", n)
		}
	}
	got := waitMapping(t, s, uuid, "Enabled")
	if *got.BatchSize != 10 || *got.MaximumBatchingWindowInSeconds != 0 || *got.StateTransitionReason != "USER_INITIATED" {
		t.Errorf("mapping %+v", got)
	}
}

func TestESMBatchItemFailures(t *testing.T) {
	s := startServer(t)
	createConsumer(t, s, "partial", 2)
	url, queueARN := makeQueue(t, s, "partial", map[string]string{"VisibilityTimeout": "2"})
	sendBodies(t, s, url, "ok 1", "fail 1", "ok 2", "fail 2", "ok 3")
	mapQueue(t, s, "partial", queueARN, func(in *lambda.CreateEventSourceMappingInput) {
		in.FunctionResponseTypes = []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures}
	})
	msgs := waitSeen(t, s, "partial", 7)
	waitEmpty(t, s, url)
	times := map[string]int{}
	for _, m := range msgs {
		times[m.Body]++
	}
	want := map[string]int{"ok 1": 1, "ok 2": 1, "ok 3": 1, "fail 1": 2, "fail 2": 2}
	if fmt.Sprint(times) != fmt.Sprint(want) {
		t.Fatalf("the function saw %v, want %v", times, want)
	}
}

func TestESMBatchingWindow(t *testing.T) {
	s := startServer(t)
	createConsumer(t, s, "windowed", 10)
	url, queueARN := makeQueue(t, s, "windowed", nil)
	mapQueue(t, s, "windowed", queueARN, func(in *lambda.CreateEventSourceMappingInput) {
		in.BatchSize, in.MaximumBatchingWindowInSeconds = aws.Int32(100), aws.Int32(3)
	})
	var bodies []string
	for i := range 25 {
		bodies = append(bodies, fmt.Sprint(i))
	}
	sendBodies(t, s, url, bodies...)
	waitSeen(t, s, "windowed", 25)
	if _, batches := seen(t, s, "windowed"); fmt.Sprint(batches) != "[25]" {
		t.Fatalf("batches %v, want one of 25 gathered within the window", batches)
	}
}

func TestESMFilterCriteria(t *testing.T) {
	s := startServer(t)
	createConsumer(t, s, "picky", 10)
	url, queueARN := makeQueue(t, s, "picky", nil)
	mapQueue(t, s, "picky", queueARN, func(in *lambda.CreateEventSourceMappingInput) {
		in.FilterCriteria = &types.FilterCriteria{Filters: []types.Filter{
			{Pattern: aws.String(`{"body": {"kind": ["order"], "total": [{"numeric": [">", 100]}]}}`)},
			{Pattern: aws.String(`{"body": [{"prefix": "urgent"}]}`)},
		}}
	})
	sendBodies(t, s, url, `{"kind": "order", "total": 150}`, `{"kind": "order", "total": 50}`, `{"kind": "refund", "total": 500}`,
		"urgent: call back", "later", `{"kind": "order", "total": 101}`)
	waitEmpty(t, s, url)
	time.Sleep(time.Second) // the last batch's log lines are stored
	msgs, _ := seen(t, s, "picky")
	var got []string
	for _, m := range msgs {
		got = append(got, m.Body)
	}
	want := []string{`{"kind": "order", "total": 150}`, "urgent: call back", `{"kind": "order", "total": 101}`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("the function saw %q, want %q; the others are deleted", got, want)
	}

	_, err := s.lambda().CreateEventSourceMapping(ctx(t), &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("picky"),
		EventSourceArn: aws.String(queueARN), FilterCriteria: &types.FilterCriteria{Filters: []types.Filter{{Pattern: aws.String(`{"body": "x"}`)}}}})
	if ae := apiError(t, err, "InvalidParameterValueException"); ae.ErrorMessage() != "Invalid filter pattern definition." {
		t.Errorf("message %q", ae.ErrorMessage())
	}
}

func TestESMDisableEnable(t *testing.T) {
	s := startServer(t)
	createConsumer(t, s, "pausable", 10)
	url, queueARN := makeQueue(t, s, "pausable", nil)
	uuid := mapQueue(t, s, "pausable", queueARN, nil)
	c := s.lambda()
	out, err := c.UpdateEventSourceMapping(ctx(t), &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), Enabled: aws.Bool(false)})
	if err != nil || *out.State != "Disabling" {
		t.Fatalf("disable: %v %v", err, out)
	}
	waitMapping(t, s, uuid, "Disabled")
	time.Sleep(time.Second) // a receive in flight ends
	sendBodies(t, s, url, "while disabled")
	time.Sleep(2 * time.Second)
	if v, f := queueCounts(t, s, url); v != 1 || f != 0 {
		t.Fatalf("a disabled mapping: %d visible, %d in flight; want the message left alone", v, f)
	}
	if _, err := c.UpdateEventSourceMapping(ctx(t), &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), Enabled: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	waitMapping(t, s, uuid, "Enabled")
	waitSeen(t, s, "pausable", 1)
	waitEmpty(t, s, url)
}

func TestESMDeadLetterQueue(t *testing.T) {
	s := startServer(t)
	createConsumer(t, s, "failing", 2)
	dlqURL, dlqARN := makeQueue(t, s, "failing-dlq", nil)
	url, queueARN := makeQueue(t, s, "failing", map[string]string{
		"VisibilityTimeout": "2",
		"RedrivePolicy":     `{"deadLetterTargetArn":"` + dlqARN + `","maxReceiveCount":"2"}`,
	})
	uuid := mapQueue(t, s, "failing", queueARN, nil)
	sendBodies(t, s, url, "boom")
	out, err := s.sqs().ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(dlqURL), WaitTimeSeconds: 20,
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll}})
	if err != nil || len(out.Messages) != 1 || *out.Messages[0].Body != "boom" {
		t.Fatalf("dead-letter queue: %v %+v", err, out)
	}
	if msgs, _ := seen(t, s, "failing"); len(msgs) != 2 {
		t.Errorf("the function saw the message %d times, want maxReceiveCount (2)", len(msgs))
	}
	if got := waitMapping(t, s, uuid, "Enabled"); *got.LastProcessingResult != "PROBLEM: Function call failed" {
		t.Errorf("LastProcessingResult %q", *got.LastProcessingResult)
	}
}

func TestESMFunctionDeleted(t *testing.T) {
	s := startServer(t)
	createConsumer(t, s, "doomed", 10)
	url, queueARN := makeQueue(t, s, "orphaned", nil)
	uuid := mapQueue(t, s, "doomed", queueARN, nil)
	if _, err := s.lambda().DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("doomed")}); err != nil {
		t.Fatal(err)
	}
	sendBodies(t, s, url, "nobody home")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		got := waitMapping(t, s, uuid, "Enabled")
		if *got.LastProcessingResult == "PROBLEM: Function not found" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("LastProcessingResult %q", *got.LastProcessingResult)
		}
	}
	if v, f := queueCounts(t, s, url); v+f != 1 {
		t.Fatalf("the queue holds %d messages, want the one nobody processed", v+f)
	}
}

func TestESMControlPlane(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createConsumer(t, s, "mapped", 10)
	createConsumer(t, s, "slow", 60)
	_, queueARN := makeQueue(t, s, "mapped", nil)
	_, otherARN := makeQueue(t, s, "mapped-2", nil)
	uuid := mapQueue(t, s, "mapped", queueARN, func(in *lambda.CreateEventSourceMappingInput) {
		in.ScalingConfig = &types.ScalingConfig{MaximumConcurrency: aws.Int32(5)}
	})
	mapQueue(t, s, "mapped", otherARN, nil)

	refusals := []struct {
		name, code, message string
		in                  lambda.CreateEventSourceMappingInput
	}{
		{"Duplicate", "ResourceConflictException", `The event source arn (" ` + queueARN + ` ") and function (" mapped ") provided mapping already exists. Please update or delete the existing mapping with UUID ` + uuid,
			lambda.CreateEventSourceMappingInput{FunctionName: aws.String("mapped"), EventSourceArn: aws.String(queueARN)}},
		{"NoQueue", "InvalidParameterValueException", "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version.",
			lambda.CreateEventSourceMappingInput{FunctionName: aws.String("mapped"), EventSourceArn: aws.String(queueARN + "-nope")}},
		{"NoFunction", "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:nope",
			lambda.CreateEventSourceMappingInput{FunctionName: aws.String("nope"), EventSourceArn: aws.String(queueARN)}},
		{"Window", "InvalidParameterValueException", "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
			lambda.CreateEventSourceMappingInput{FunctionName: aws.String("slow"), EventSourceArn: aws.String(queueARN), BatchSize: aws.Int32(11)}},
		{"Visibility", "InvalidParameterValueException", "Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds",
			lambda.CreateEventSourceMappingInput{FunctionName: aws.String("slow"), EventSourceArn: aws.String(queueARN)}},
	}
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			_, err := c.CreateEventSourceMapping(ctx(t), &r.in)
			if ae := apiError(t, err, r.code); ae.ErrorMessage() != r.message {
				t.Errorf("message %q, want %q", ae.ErrorMessage(), r.message)
			}
		})
	}

	list, err := c.ListEventSourceMappings(ctx(t), &lambda.ListEventSourceMappingsInput{EventSourceArn: aws.String(queueARN)})
	if err != nil || len(list.EventSourceMappings) != 1 || *list.EventSourceMappings[0].UUID != uuid {
		t.Fatalf("list by queue: %v %+v", err, list)
	}
	p := lambda.NewListEventSourceMappingsPaginator(c, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String("mapped"), MaxItems: aws.Int32(1)})
	pages, items := 0, 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		pages, items = pages+1, items+len(page.EventSourceMappings)
	}
	if pages != 2 || items != 2 {
		t.Fatalf("%d pages with %d mappings, want 2 and 2", pages, items)
	}

	esmARN := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":event-source-mapping:" + uuid
	if _, err := c.TagResource(ctx(t), &lambda.TagResourceInput{Resource: aws.String(esmARN), Tags: map[string]string{"team": "queues"}}); err != nil {
		t.Fatal(err)
	}
	if tags, err := c.ListTags(ctx(t), &lambda.ListTagsInput{Resource: aws.String(esmARN)}); err != nil || tags.Tags["team"] != "queues" {
		t.Fatalf("tags of the mapping: %v %+v", err, tags)
	}

	up, err := c.UpdateEventSourceMapping(ctx(t), &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), BatchSize: aws.Int32(500),
		MaximumBatchingWindowInSeconds: aws.Int32(5)})
	if err != nil || *up.State != "Updating" || *up.BatchSize != 500 || *up.StateTransitionReason != "User action" {
		t.Fatalf("update: %v %+v", err, up)
	}
	_, err = c.UpdateEventSourceMapping(ctx(t), &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), BatchSize: aws.Int32(5)})
	apiError(t, err, "ResourceInUseException")
	waitMapping(t, s, uuid, "Enabled")

	del, err := c.DeleteEventSourceMapping(ctx(t), &lambda.DeleteEventSourceMappingInput{UUID: aws.String(uuid)})
	if err != nil || *del.State != "Deleting" {
		t.Fatalf("delete: %v %+v", err, del)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		_, err := c.GetEventSourceMapping(ctx(t), &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		if err != nil {
			if ae := apiError(t, err, "ResourceNotFoundException"); !strings.HasPrefix(ae.ErrorMessage(), "Event source mapping not found: arn:aws:lambda:us-east-1:") {
				t.Errorf("message %q", ae.ErrorMessage())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the mapping was not deleted")
		}
	}
}

func TestESMAWSCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	createConsumer(t, s, "clifn", 10)
	url, queueARN := makeQueue(t, s, "cliq", nil)
	for _, cli := range awsCLIs {
		t.Run(cli.name, func(t *testing.T) {
			m := s.cliOK(t, cli.path, "lambda", "create-event-source-mapping", "--function-name", "clifn", "--event-source-arn", queueARN,
				"--batch-size", "5", "--function-response-types", "ReportBatchItemFailures")
			uuid, _ := m["UUID"].(string)
			if m["State"] != "Creating" || m["BatchSize"] != float64(5) || uuid == "" {
				t.Fatalf("create: %v", m)
			}
			waitMapping(t, s, uuid, "Enabled")
			sendBodies(t, s, url, "from "+cli.name)
			waitEmpty(t, s, url)

			got := s.cliOK(t, cli.path, "lambda", "list-event-source-mappings", "--function-name", "clifn")
			if list, _ := got["EventSourceMappings"].([]any); len(list) != 1 {
				t.Fatalf("list: %v", got)
			}
			got = s.cliOK(t, cli.path, "lambda", "update-event-source-mapping", "--uuid", uuid, "--no-enabled")
			if got["State"] != "Disabling" {
				t.Fatalf("update: %v", got)
			}
			waitMapping(t, s, uuid, "Disabled")
			got = s.cliOK(t, cli.path, "lambda", "delete-event-source-mapping", "--uuid", uuid)
			if got["State"] != "Deleting" {
				t.Fatalf("delete: %v", got)
			}
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
				if _, err := s.cli(t, cli.path, "lambda", "get-event-source-mapping", "--uuid", uuid); err != nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("not deleted")
				}
			}
		})
	}
}

// receiveOne waits up to 20 s for a message on a queue, with its
// attributes.
func receiveOne(t *testing.T, s *server, url string) sqstypes.Message {
	t.Helper()
	out, err := s.sqs().ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 20,
		MessageAttributeNames: []string{"All"}})
	if err != nil || len(out.Messages) != 1 {
		t.Fatalf("receive from %s: %v %+v", url, err, out)
	}
	return out.Messages[0]
}

func TestAsyncToQueues(t *testing.T) {
	s := startServer(t, "--async-retry-base", "200ms")
	c := s.lambda()
	dlqURL, dlqARN := makeQueue(t, s, "async-dlq", nil)
	recordsURL, recordsARN := makeQueue(t, s, "async-records", nil)
	createFn(t, s, "flaky", "python3.12", "app.handler", map[string]string{"app.py": "def handler(event, context):\n    raise Exception('boom')\n"},
		func(in *lambda.CreateFunctionInput) {
			in.DeadLetterConfig = &types.DeadLetterConfig{TargetArn: aws.String(dlqARN)}
		})
	createFn(t, s, "fine", "python3.12", "app.handler", map[string]string{"app.py": "def handler(event, context):\n    return {'got': event}\n"}, nil)
	if _, err := c.PutFunctionEventInvokeConfig(ctx(t), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("flaky"),
		MaximumRetryAttempts: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutFunctionEventInvokeConfig(ctx(t), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("fine"),
		DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(recordsARN)}}}); err != nil {
		t.Fatal(err)
	}

	t.Run("DeadLetterQueue", func(t *testing.T) {
		id := acceptedEvent(t, s, "flaky", `{"order": 42}`)
		msg := receiveOne(t, s, dlqURL)
		attr := func(name string) string {
			v := msg.MessageAttributes[name]
			if v.StringValue == nil {
				return ""
			}
			return *v.DataType + " " + *v.StringValue
		}
		if *msg.Body != `{"order":42}` || attr("RequestID") != "String "+id || attr("ErrorCode") != "Number 200" || attr("ErrorMessage") != "String boom" {
			t.Fatalf("dead letter %q with %v %v %v", *msg.Body, attr("RequestID"), attr("ErrorCode"), attr("ErrorMessage"))
		}
	})
	t.Run("OnSuccessRecord", func(t *testing.T) {
		id := acceptedEvent(t, s, "fine", `{"n": 7}`)
		msg := receiveOne(t, s, recordsURL)
		var rec struct {
			RequestContext  map[string]any
			RequestPayload  map[string]any
			ResponsePayload map[string]any
		}
		if err := json.Unmarshal([]byte(*msg.Body), &rec); err != nil {
			t.Fatalf("record %q: %v", *msg.Body, err)
		}
		if rec.RequestContext["requestId"] != id || rec.RequestContext["condition"] != "Success" || rec.RequestPayload["n"] != float64(7) ||
			fmt.Sprint(rec.ResponsePayload["got"]) != "map[n:7]" {
			t.Fatalf("record %s", *msg.Body)
		}
	})
	t.Run("MissingQueue", func(t *testing.T) {
		_, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("fine"),
			DeadLetterConfig: &types.DeadLetterConfig{TargetArn: aws.String(dlqARN + "-gone")}})
		apiError(t, err, "InvalidParameterValueException")
	})
}

// TestESMSurvivesKill kills the server with -9 while a mapping drains a
// queue: after a restart every message reaches the function. The function
// prints the ids of a batch 50 ms before it answers, so the lines of a
// batch whose messages were deleted are stored before the kill.
func TestESMSurvivesKill(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	createFn(t, s, "durable", "python3.12", "app.handler", map[string]string{"app.py": `import time
def handler(event, context):
    for r in event["Records"]:
        print("SEEN " + r["messageId"])
    time.sleep(0.05)
`}, func(in *lambda.CreateFunctionInput) { in.Timeout = aws.Int32(3) })
	url, queueARN := makeQueue(t, s, "durable", map[string]string{"VisibilityTimeout": "5"})
	var bodies []string
	for i := range 1000 {
		bodies = append(bodies, fmt.Sprint(i))
	}
	ids := sendBodies(t, s, url, bodies...)
	mapQueue(t, s, "durable", queueARN, nil)
	for deadline := time.Now().Add(30 * time.Second); strings.Count(logText(t, s, "durable"), "SEEN ") < 100; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the mapping processed too little to be interrupted")
		}
	}
	s.kill()
	s.start()
	waitEmpty(t, s, url)
	text := logText(t, s, "durable")
	var missing []string
	for _, id := range ids {
		if !strings.Contains(text, "SEEN "+id) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("%d of %d messages never reached the function, e.g. %v", len(missing), len(ids), missing[:min(3, len(missing))])
	}
	t.Logf("%d deliveries of %d messages", strings.Count(text, "SEEN "), len(ids))
}
