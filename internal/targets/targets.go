// Package targets is what EventBridge rules and EventBridge Scheduler
// schedules share about the targets they deliver to: the delivery kind a
// target's ARN names, the retry policy and dead-letter queue a target
// carries, and the producer that applies them to its deliveries.
//
// A delivery carries its target's settings in its attributes, fixed when
// the event was accepted, so the dispatcher needs no store read at each
// attempt and a rule changed meanwhile does not change how an accepted
// event is retried.
package targets

import (
	"fmt"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// The delivery kinds a target can be, named as the delivery queue's
// targets are registered.
const (
	KindFunction = "lambda"
	KindQueue    = "sqs"
	KindTopic    = "sns"
	KindBus      = "events"
)

// Kind is the delivery kind of a target ARN: a Lambda function (qualified
// or not), an SQS queue, an SNS topic or an event bus. ok is false for
// anything else, which Virga cannot deliver to.
func Kind(arn string) (kind string, ok bool) {
	a, valid := aws.ParseARN(arn)
	if !valid || a.Region == "" || a.Account == "" || a.Resource == "" {
		return "", false
	}
	switch {
	case a.Service == "lambda" && strings.HasPrefix(a.Resource, "function:"):
		return KindFunction, true
	case a.Service == "sqs" && !strings.Contains(a.Resource, ":"):
		return KindQueue, true
	case a.Service == "sns" && !strings.Contains(a.Resource, ":"):
		return KindTopic, true
	case a.Service == "events" && strings.HasPrefix(a.Resource, "event-bus/"):
		return KindBus, true
	}
	return "", false
}

// Kinds are the delivery kinds the server has a target for.
type Kinds map[string]bool

// Check is the delivery kind of a target ARN, if the server can deliver
// to it; otherwise the refusal to give the caller.
func (k Kinds) Check(arn string) (string, error) {
	kind, ok := Kind(arn)
	if !ok || !k[kind] {
		return "", Unsupported(arn)
	}
	return kind, nil
}

// Unsupported is Virga's refusal of a target it cannot deliver to.
func Unsupported(arn string) error {
	return aws.Errorf(aws.ErrValidation, "Virga cannot deliver to %s: a target must be a Lambda function, an SQS queue, an SNS topic or an event bus.", arn)
}

// QueueName is the name of an SQS queue ARN, for messages.
func QueueName(arn string) string {
	a, _ := aws.ParseARN(arn)
	return a.Resource
}

// Describe is a short form of a target for logs.
func Describe(kind, name string) string { return fmt.Sprintf("%s %s", kind, name) }
