package targets

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
)

func TestKind(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:lambda:us-east-1:123456789012:function:fn":      KindFunction,
		"arn:aws:lambda:us-east-1:123456789012:function:fn:live": KindFunction,
		"arn:aws:sqs:us-east-1:123456789012:queue":               KindQueue,
		"arn:aws:sns:us-east-1:123456789012:topic":               KindTopic,
		"arn:aws:events:us-east-1:123456789012:event-bus/orders": KindBus,
		"arn:aws:states:us-east-1:123456789012:stateMachine:m":   "",
		"arn:aws:events:us-east-1:123456789012:rule/r":           "",
		"arn:aws:lambda:us-east-1:123456789012:layer:l":          "",
		"not an arn":                   "",
		"arn:aws:sqs:us-east-1::queue": "",
	} {
		if got, _ := Kind(arn); got != want {
			t.Errorf("Kind(%s) = %q, want %q", arn, got, want)
		}
	}
}

type queue struct{ got []delivery.Delivery }

func (q *queue) Enqueue(_ context.Context, d delivery.Delivery) error {
	q.got = append(q.got, d)
	return nil
}

func TestPolicy(t *testing.T) {
	retries, age := 2, 120
	attrs := Settings{RetryAttempts: &retries, MaxEventAge: &age}.Attributes(nil)
	p := NewProducer(ProducerConfig{Name: "events", RetryBase: time.Second, RetryCeiling: 5 * time.Second}, &queue{})
	for attempts, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second} {
		pol, _ := p.Policy(context.Background(), delivery.Delivery{Attributes: attrs, Attempts: attempts})
		if pol.MaxAttempts != 3 || pol.MaxAge != 2*time.Minute || pol.Backoff.Base != wait {
			t.Errorf("after %d attempts: %+v", attempts, pol)
		}
	}
	pol, _ := p.Policy(context.Background(), delivery.Delivery{})
	if pol.MaxAttempts != 186 || pol.MaxAge != 24*time.Hour {
		t.Errorf("defaults: %+v", pol)
	}
}

func TestDeadLetter(t *testing.T) {
	q := &queue{}
	p := NewProducer(ProducerConfig{Name: "events", OriginAttribute: "RULE_ARN"}, q)
	d := delivery.Delivery{ID: "e1", Payload: []byte(`{"a":1}`), Attempts: 3, Attributes: Settings{
		DeadLetter: "arn:aws:sqs:us-east-1:123456789012:dlq", Origin: "arn:aws:events:us-east-1:123456789012:rule/r",
		TargetARN: "arn:aws:lambda:us-east-1:123456789012:function:f"}.Attributes(nil)}
	if err := p.Finish(context.Background(), d, delivery.Outcome{End: delivery.Exhausted, Err: errors.New("boom")}); err != nil {
		t.Fatal(err)
	}
	if len(q.got) != 1 {
		t.Fatalf("%d dead letters", len(q.got))
	}
	dl := q.got[0]
	if dl.Target != (delivery.Address{Kind: KindQueue, Name: "arn:aws:sqs:us-east-1:123456789012:dlq"}) || string(dl.Payload) != `{"a":1}` {
		t.Errorf("dead letter %+v", dl)
	}
	attrs := dl.Attributes
	str := func(name string) string { return attrs[delivery.MessageAttribute(name, "String")] }
	if str("RULE_ARN") != "arn:aws:events:us-east-1:123456789012:rule/r" || attrs[delivery.MessageAttribute("RETRY_ATTEMPTS", "Number")] != "2" ||
		str("ERROR_MESSAGE") != "boom" || str("EXHAUSTED_RETRY_CONDITION") != "MaximumRetryAttempts" {
		t.Errorf("attributes %+v", attrs)
	}
	if err := p.Finish(context.Background(), d, delivery.Outcome{End: delivery.Delivered}); err != nil || len(q.got) != 1 {
		t.Errorf("a delivered event went to the dead-letter queue")
	}
}
