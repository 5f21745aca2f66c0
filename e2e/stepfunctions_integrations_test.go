package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TestStepFunctionsIntegrations sends to a queue, publishes to a topic
// the queue is subscribed to, runs a child execution with .sync:2 and
// puts an event, each as a Task state's service integration.
func TestStepFunctionsIntegrations(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	q := s.sqs()
	url := createSQSQueue(t, q, "out", nil)
	topic, err := s.sns().CreateTopic(ctx(t), &sns.CreateTopicInput{Name: aws.String("news")})
	if err != nil {
		t.Fatal(err)
	}
	queueARN := "arn:aws:sqs:us-east-1:" + s.admin.AccountID + ":out"
	if _, err := s.sns().Subscribe(ctx(t), &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(queueARN),
		Attributes: map[string]string{"RawMessageDelivery": "true"}}); err != nil {
		t.Fatal(err)
	}
	c := s.sfn()
	child := createMachine(t, c, "child", "STANDARD", `{"StartAt":"Double","States":{"Double":{"Type":"Pass",
	  "Parameters":{"doubled.$":"States.MathAdd($.n, $.n)"},"End":true}}}`)
	parent := createMachine(t, c, "parent", "STANDARD", `{"StartAt":"Send","States":{
	  "Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"`+url+`","MessageBody.$":"$.greeting"},
	    "ResultSelector":{"id.$":"$.MessageId"},"ResultPath":"$.sent","Next":"Publish"},
	  "Publish":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"`+*topic.TopicArn+`","Message":"published"},
	    "ResultSelector":{"id.$":"$.MessageId"},"ResultPath":"$.published","Next":"Child"},
	  "Child":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2","Parameters":{"StateMachineArn":"`+child+`","Input":{"n":21}},
	    "ResultSelector":{"doubled.$":"$.Output.doubled"},"ResultPath":"$.child","Next":"Put"},
	  "Put":{"Type":"Task","Resource":"arn:aws:states:::events:putEvents","Parameters":{"Entries":[{"Source":"virga.test","DetailType":"t","Detail":{"a":1}}]},
	    "ResultSelector":{"failed.$":"$.FailedEntryCount"},"ResultPath":"$.put","End":true}}}`)
	exec := startExecution(t, c, parent, "all", `{"greeting":"hello"}`)
	out := waitExecution(t, c, exec, 60*time.Second)
	if out.Status != types.ExecutionStatusSucceeded {
		t.Fatalf("%s %s %s", out.Status, aws.ToString(out.Error), aws.ToString(out.Cause))
	}
	output := aws.ToString(out.Output)
	if !strings.Contains(output, `"child":{"doubled":42}`) || !strings.Contains(output, `"put":{"failed":0}`) {
		t.Errorf("output %s", output)
	}
	bodies := map[string]bool{}
	for deadline := time.Now().Add(20 * time.Second); len(bodies) < 2 && time.Now().Before(deadline); {
		for _, m := range receiveSQS(t, q, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1}) {
			bodies[aws.ToString(m.Body)] = true
		}
	}
	if !bodies["hello"] || !bodies["published"] {
		t.Errorf("the queue received %v", bodies)
	}
	counts := checkHistory(t, history(t, c, exec))
	if counts[types.HistoryEventTypeTaskSucceeded] != 4 {
		t.Errorf("history: %v", counts)
	}
}
