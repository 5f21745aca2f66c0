package async

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
)

// deadLetters adds dead-letter queues by "function:qualifier".
type deadLetters struct {
	fakeConfigs
	targets map[string]string
}

func (d deadLetters) DeadLetterTarget(_ context.Context, function, qualifier string) (string, error) {
	return d.targets[function+":"+qualifier], nil
}

func TestQueueTargets(t *testing.T) {
	js, q := openStore(t)
	const dlq, records = "arn:aws:sqs:us-east-1:123456789012:dlq", "arn:aws:sqs:us-east-1:123456789012:records"
	dest := &lambda.DestinationConfig{OnSuccess: &lambda.Destination{Destination: records}, OnFailure: &lambda.Destination{Destination: records}}
	p := NewProducer(Config{Region: "us-east-1", Account: "123456789012"}, q,
		deadLetters{fakeConfigs{"work:": {DestinationConfig: dest}}, map[string]string{"work:": dlq}})
	event := func(id string) delivery.Delivery {
		d, _ := Event{RequestID: id, Function: "work", Payload: json.RawMessage(`{"n":7}`), Accepted: time.Now()}.delivery()
		d.Attempts = 3
		return d
	}
	failed := &delivery.Reply{Payload: []byte(`{"errorMessage":"` + strings.Repeat("é", 600) + `","errorType":"Exception"}`),
		Attributes: map[string]string{replyFunctionError: "Unhandled"}}

	finish := func(t *testing.T, d delivery.Delivery, o delivery.Outcome) []delivery.Delivery {
		t.Helper()
		before := len(stored(t, js))
		if err := p.Finish(context.Background(), d, o); err != nil {
			t.Fatal(err)
		}
		return stored(t, js)[before:]
	}
	t.Run("Failure", func(t *testing.T) {
		sent := finish(t, event("r1"), delivery.Outcome{End: delivery.Exhausted, Err: errAttempt, Reply: failed})
		if len(sent) != 2 {
			t.Fatalf("%d deliveries sent, want the dead letter and the record", len(sent))
		}
		dead, rec := sent[0], sent[1]
		msg := dead.Attributes[delivery.MessageAttribute("ErrorMessage", "String")]
		if dead.Target != delivery.ToARN(dlq) || dead.Producer != RecordProducerKind || string(dead.Payload) != `{"n":7}` ||
			dead.Attributes[delivery.MessageAttribute("RequestID", "String")] != "r1" ||
			dead.Attributes[delivery.MessageAttribute("ErrorCode", "Number")] != "200" || len(msg) > 1024 || !strings.HasPrefix(msg, "éé") {
			t.Errorf("dead letter %+v", dead)
		}
		if rec.Target != delivery.ToARN(records) || rec.Target.Kind != "sqs" || rec.Producer != RecordProducerKind ||
			!strings.Contains(string(rec.Payload), `"condition":"RetriesExhausted"`) {
			t.Errorf("record %+v", rec)
		}
	})
	t.Run("Success", func(t *testing.T) {
		sent := finish(t, event("r2"), delivery.Outcome{End: delivery.Delivered, Reply: &delivery.Reply{Payload: []byte(`1`)}})
		if len(sent) != 1 || !strings.Contains(string(sent[0].Payload), `"condition":"Success"`) {
			t.Fatalf("sent %+v, want the record alone", sent)
		}
	})
	t.Run("Expired", func(t *testing.T) {
		sent := finish(t, event("r3"), delivery.Outcome{End: delivery.Expired})
		if len(sent) != 2 || sent[0].Attributes[delivery.MessageAttribute("ErrorCode", "Number")] != "429" ||
			sent[0].Attributes[delivery.MessageAttribute("ErrorMessage", "String")] != "Event age exceeded" {
			t.Fatalf("sent %+v", sent)
		}
	})
	t.Run("Repeated", func(t *testing.T) {
		if sent := finish(t, event("r1"), delivery.Outcome{End: delivery.Exhausted, Reply: failed}); len(sent) != 0 {
			t.Fatalf("a repeated Finish sent %d more", len(sent))
		}
	})
}

func TestRecordsPolicy(t *testing.T) {
	r := NewRecords(nil)
	p, err := r.Policy(context.Background(), delivery.Delivery{})
	if err != nil || p.MaxAttempts != 3 {
		t.Fatalf("policy %+v %v", p, err)
	}
	if err := r.Finish(context.Background(), delivery.Delivery{}, delivery.Outcome{End: delivery.Exhausted}); err != nil {
		t.Fatal(err)
	}
}
