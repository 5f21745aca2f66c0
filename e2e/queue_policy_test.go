package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// servicePolicy is a queue policy that lets service send to the queue for
// source only.
func servicePolicy(service, source string) map[string]string {
	return map[string]string{"Policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + service +
		`"},"Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"` + source + `"}}}]}`}
}

// TestQueuePolicyDeliveries checks that SNS and EventBridge deliver to a
// queue whose policy allows them for the topic or rule, and to a queue
// without a policy, as Virga always did; a queue whose policy does not
// allow them gets nothing, as on AWS.
func TestQueuePolicyDeliveries(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c, q := s.sns(), s.sqs()
	topic := createTopic(t, c, "guarded", nil)
	rule := putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("guarded"), EventPattern: aws.String(`{"source":["policy-test"]}`)})
	queues := map[string]string{
		"open":    createSQSQueue(t, q, "open", nil),
		"sns":     createSQSQueue(t, q, "from-topic", servicePolicy("sns.amazonaws.com", topic)),
		"events":  createSQSQueue(t, q, "from-rule", servicePolicy("events.amazonaws.com", rule)),
		"another": createSQSQueue(t, q, "from-another", servicePolicy("sns.amazonaws.com", topic+"-another")),
	}
	var targets []ebtypes.Target
	for name, url := range queues {
		arn := queueARN(t, q, url)
		subscribe(t, c, topic, "sqs", arn, map[string]string{"RawMessageDelivery": "true"})
		targets = append(targets, ebtypes.Target{Id: aws.String(name), Arn: aws.String(arn)})
	}
	putTargets(t, s, "guarded", "", targets...)
	if _, err := c.Publish(ctx(t), &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("published")}); err != nil {
		t.Fatal(err)
	}
	putBusEvents(t, s, ebtypes.PutEventsRequestEntry{Source: aws.String("policy-test"), DetailType: aws.String("t"), Detail: aws.String("{}")})
	for name, want := range map[string]int{"open": 2, "sns": 1, "events": 1} {
		drain(t, s, queues[name], want, 15*time.Second)
	}
	for _, name := range []string{"sns", "events", "another"} {
		out, err := q.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(queues[name]), WaitTimeSeconds: 1})
		if err != nil || len(out.Messages) != 0 {
			t.Errorf("queue %s got a message its policy does not allow: %v %v", name, out, err)
		}
	}
}
