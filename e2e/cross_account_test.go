package e2e

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
)

// TestCrossAccountPolicies lets another account send to a queue and publish
// to a topic only as far as their own policies allow it.
func TestCrossAccountPolicies(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	other := s.addAccount(t)
	grant := func(action, resource string, effect string) string {
		return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":%q,"Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":%q,"Resource":%q}]}`,
			effect, other.AccountID, action, resource)
	}
	q, theirSQS := s.sqs(), sqs.NewFromConfig(s.configFor(other))
	open := createSQSQueue(t, q, "shared", nil)
	closed := createSQSQueue(t, q, "private", nil)
	denying := createSQSQueue(t, q, "denying", nil)
	setPolicy := func(url, doc string) {
		t.Helper()
		if _, err := q.SetQueueAttributes(ctx(t), &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url),
			Attributes: map[string]string{"Policy": doc}}); err != nil {
			t.Fatal(err)
		}
	}
	setPolicy(open, grant("sqs:SendMessage", queueARN(t, q, open), "Allow"))
	setPolicy(denying, grant("sqs:*", queueARN(t, q, denying), "Deny"))

	if _, err := theirSQS.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(open), MessageBody: aws.String("hi")}); err != nil {
		t.Fatalf("send allowed by the queue policy: %v", err)
	}
	if got := drain(t, s, open, 1, 5*time.Second); len(got) != 1 {
		t.Errorf("queue got %d messages, want 1", len(got))
	}
	for name, url := range map[string]string{"no policy": closed, "deny": denying} {
		_, err := theirSQS.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("hi")})
		if err == nil {
			t.Errorf("%s: another account sent to the queue", name)
		}
	}
	if _, err := theirSQS.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(open)}); err == nil {
		t.Error("the policy grants SendMessage only, yet another account received")
	}

	c, theirSNS := s.sns(), sns.NewFromConfig(s.configFor(other))
	topic := createTopic(t, c, "shared", nil)
	publish := func() error {
		_, err := theirSNS.Publish(ctx(t), &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("hi")})
		return err
	}
	var ae smithy.APIError
	if err := publish(); !errors.As(err, &ae) || ae.ErrorCode() != "AuthorizationError" {
		t.Errorf("publish without a topic policy: %v", err)
	}
	if _, err := c.SetTopicAttributes(ctx(t), &sns.SetTopicAttributesInput{TopicArn: aws.String(topic),
		AttributeName: aws.String("Policy"), AttributeValue: aws.String(grant("SNS:Publish", topic, "Allow"))}); err != nil {
		t.Fatal(err)
	}
	if err := publish(); err != nil {
		t.Errorf("publish allowed by the topic policy: %v", err)
	}
}
