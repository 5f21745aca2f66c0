package sqs

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/delivery"
)

func TestTargetSends(t *testing.T) {
	q := openQueues(t)
	arn := create(t, q, "records", nil)
	target := NewTarget(q)
	d := delivery.Delivery{ID: "r1", Target: delivery.ToARN(arn), Payload: []byte(`{"n":1}`), Attributes: map[string]string{
		delivery.MessageAttribute("RequestID", "String"): "r1",
		delivery.MessageAttribute("ErrorCode", "Number"): "200",
		"traceId": "not a message attribute",
	}}
	if d.Target.Kind != TargetKind {
		t.Fatalf("a queue ARN addresses kind %q, want %q", d.Target.Kind, TargetKind)
	}
	if _, err := target.Deliver(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	got := receive(t, q, arn, ReceiveInput{Max: 1, MessageAttributeNames: []string{"All"}})
	if len(got) != 1 || got[0].Body != `{"n":1}` || len(got[0].MessageAttributes) != 2 ||
		got[0].MessageAttributes["ErrorCode"].DataType != "Number" || got[0].MessageAttributes["RequestID"].StringValue != "r1" {
		t.Fatalf("received %+v", got)
	}
}

func TestTargetErrors(t *testing.T) {
	q := openQueues(t)
	arn := create(t, q, "small", map[string]string{"MaximumMessageSize": "1024"})
	target := NewTarget(q)
	_, err := target.Deliver(context.Background(), delivery.Delivery{Target: delivery.ToARN(arn + "-gone"), Payload: []byte("x")})
	if !errors.Is(err, delivery.ErrGone) {
		t.Errorf("a missing queue: %v, want gone", err)
	}
	_, err = target.Deliver(context.Background(), delivery.Delivery{Target: delivery.ToARN(arn), Payload: []byte(strings.Repeat("x", 2048))})
	if !errors.Is(err, delivery.ErrPermanent) {
		t.Errorf("a message too large: %v, want refused", err)
	}
}

// TestTargetAsksQueuePolicy checks a service's deliveries against the
// queue's policy, when it has one: a topic it allows, one it does not, and
// deliveries no service makes.
func TestTargetAsksQueuePolicy(t *testing.T) {
	q := openQueues(t)
	topic := "arn:aws:sns:us-east-1:" + account + ":allowed"
	open := create(t, q, "open", nil)
	guarded := create(t, q, "guarded", map[string]string{"Policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"` + topic + `"}}}]}`})
	target := NewTarget(q)
	from := func(queue, source string) delivery.Delivery {
		d := delivery.Delivery{Target: delivery.ToARN(queue), Payload: []byte("x"), Attributes: map[string]string{}}
		if source != "" {
			d.Attributes[delivery.AttrSourcePrincipal], d.Attributes[delivery.AttrSourceArn] = "sns.amazonaws.com", source
		}
		return d
	}
	for _, tc := range []struct {
		name    string
		d       delivery.Delivery
		refused bool
	}{
		{"NoPolicy", from(open, topic+"-other"), false},
		{"AllowedTopic", from(guarded, topic), false},
		{"OtherTopic", from(guarded, topic+"-other"), true},
		{"NoService", from(guarded, ""), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := target.Deliver(context.Background(), tc.d)
			if refused := errors.Is(err, delivery.ErrPermanent); refused != tc.refused || (err != nil && !refused) {
				t.Errorf("Deliver = %v, want refused %v", err, tc.refused)
			}
		})
	}
}
