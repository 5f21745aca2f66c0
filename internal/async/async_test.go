package async

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// openStore opens a store of its own and Lambda's event queue in it.
func openStore(t *testing.T) (jetstream.JetStream, *Queue) {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	q, err := delivery.OpenQueue(context.Background(), st.JetStream())
	if err != nil {
		t.Fatal(err)
	}
	return st.JetStream(), NewQueue(q)
}

// stored reads back the deliveries in the queue, oldest first.
func stored(t *testing.T, js jetstream.JetStream) []delivery.Delivery {
	t.Helper()
	ctx := context.Background()
	st, err := js.Stream(ctx, "DELIVERIES")
	if err != nil {
		t.Fatal(err)
	}
	var all []delivery.Delivery
	for seq := uint64(1); ; {
		msg, err := st.GetMsg(ctx, seq, jetstream.WithGetMsgSubject("deliveries.>"))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return all
		}
		if err != nil {
			t.Fatal(err)
		}
		var d delivery.Delivery
		if err := json.Unmarshal(msg.Data, &d); err != nil {
			t.Fatal(err)
		}
		all = append(all, d)
		seq = msg.Sequence + 1
	}
}

func TestEventDelivery(t *testing.T) {
	accepted := time.Now()
	ev := Event{RequestID: "r1", Function: "fn", Qualifier: "live", Payload: json.RawMessage(`{"a": "<b>"}`),
		ClientContext: "cc", TraceID: "Root=1", Accepted: accepted}
	d, err := ev.delivery()
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != "r1" || d.Producer != ProducerKind || d.Target != (delivery.Address{Kind: TargetKind, Name: "fn:live"}) ||
		d.Attributes[attrClientContext] != "cc" || d.Attributes[attrTrace] != "Root=1" || !d.Accepted.Equal(accepted) {
		t.Errorf("delivery %+v", d)
	}
	if string(d.Payload) != `{"a":"\u003cb\u003e"}` {
		t.Errorf("payload %s, want it as the queue always stored it", d.Payload)
	}
	if d, _ := (Event{RequestID: "r2", Function: "fn", Payload: json.RawMessage(`{}`)}).delivery(); d.Target.Name != "fn" || d.Attributes != nil {
		t.Errorf("unqualified delivery %+v", d)
	}
	if _, err := (Event{RequestID: "r3", Function: "fn", Payload: json.RawMessage(`{`)}).delivery(); err == nil {
		t.Error("a payload that is not JSON was accepted")
	}
}

// fakeInvoker answers every invocation with res and err, remembering the last.
type fakeInvoker struct {
	res  lambda.InvokeResult
	err  error
	last lambda.Invocation
}

func (f *fakeInvoker) Invoke(_ context.Context, inv lambda.Invocation) (lambda.InvokeResult, error) {
	f.last = inv
	return f.res, f.err
}

type fakeLogs struct{ flushes int }

func (f *fakeLogs) Flush(context.Context) { f.flushes++ }

func TestTarget(t *testing.T) {
	d := delivery.Delivery{ID: "r1", Target: delivery.Address{Kind: TargetKind, Name: "fn:2"}, Payload: []byte(`{}`),
		Attributes: map[string]string{attrClientContext: "cc", attrTrace: "Root=1"}, Accepted: time.Now()}
	for _, tc := range []struct {
		name    string
		res     lambda.InvokeResult
		err     error
		want    error // nil: delivered; errAttempt: a failed attempt
		flushed bool
	}{
		{"Success", lambda.InvokeResult{Payload: []byte(`"ok"`), ExecutedVersion: "2", TraceHeader: "Root=2"}, nil, nil, true},
		{"FunctionError", lambda.InvokeResult{Payload: []byte(`{}`), ExecutedVersion: "2", FunctionError: "Unhandled"}, nil, errAttempt, true},
		{"ZeroReserved", lambda.InvokeResult{}, concurrency.ErrZeroReserved, delivery.ErrPermanent, false},
		{"FunctionGone", lambda.InvokeResult{}, aws.Errorf(aws.ErrNotFound, "no"), delivery.ErrGone, false},
		{"Throttled", lambda.InvokeResult{}, aws.Errorf(aws.ErrThrottled, "busy"), delivery.ErrThrottled, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv, logs := &fakeInvoker{res: tc.res, err: tc.err}, &fakeLogs{}
			reply, err := NewTarget(inv, logs, nil).Deliver(context.Background(), d)
			switch {
			case tc.want == nil && err != nil, tc.want == errAttempt && (err == nil || classified(err)),
				tc.want != nil && tc.want != errAttempt && !errors.Is(err, tc.want):
				t.Errorf("error %v, want %v", err, tc.want)
			}
			if (logs.flushes > 0) != tc.flushed {
				t.Errorf("logs flushed %d times", logs.flushes)
			}
			if l := inv.last; l.Name != "fn" || l.Qualifier != "2" || l.Type != lambda.InvokeRequestResponse || l.RequestID != "r1" ||
				l.ClientContext != "cc" || l.TraceID != "Root=1" {
				t.Errorf("invocation %+v", l)
			}
			if tc.flushed && (string(reply.Payload) != string(tc.res.Payload) || reply.Attributes[replyVersion] != "2" ||
				reply.Attributes[replyFunctionError] != tc.res.FunctionError || reply.Attributes[replyTrace] != tc.res.TraceHeader) {
				t.Errorf("reply %+v", reply)
			}
		})
	}
}

var errAttempt = errors.New("a failed attempt")

func classified(err error) bool {
	return errors.Is(err, delivery.ErrThrottled) || errors.Is(err, delivery.ErrPermanent) || errors.Is(err, delivery.ErrGone)
}

// fakeConfigs holds the EventInvokeConfig of every function.
type fakeConfigs map[string]lambda.EventInvokeConfig

func (f fakeConfigs) EventInvokeConfig(_ context.Context, function, qualifier string) (lambda.EventInvokeConfig, bool, error) {
	c, ok := f[function+":"+qualifier]
	return c, ok, nil
}

func (f fakeConfigs) DeadLetterTarget(context.Context, string, string) (string, error) {
	return "", nil
}

func TestPolicy(t *testing.T) {
	one, age := 1, 120
	p := NewProducer(Config{RetryBase: time.Second}, nil, fakeConfigs{
		"set:": {MaximumRetryAttempts: &one, MaximumEventAgeInSeconds: &age}, "set:live": {},
	})
	for _, tc := range []struct {
		target string
		want   delivery.Policy
	}{
		{"set", delivery.Policy{MaxAttempts: 2, MaxAge: 2 * time.Minute, Backoff: delivery.Backoff{Base: time.Second, Factor: 2}}},
		{"set:live", delivery.Policy{MaxAttempts: 3, MaxAge: 6 * time.Hour, Backoff: delivery.Backoff{Base: time.Second, Factor: 2}}},
		{"unset", delivery.Policy{MaxAttempts: 3, MaxAge: 6 * time.Hour, Backoff: delivery.Backoff{Base: time.Second, Factor: 2}}},
	} {
		got, err := p.Policy(context.Background(), delivery.Delivery{Target: delivery.Address{Kind: TargetKind, Name: tc.target}})
		if err != nil || got != tc.want {
			t.Errorf("policy of %s: %+v %v, want %+v", tc.target, got, err, tc.want)
		}
	}
}

// observed records the observer's calls.
type observed struct{ calls []string }

func (o *observed) EventAttempted(fn string, _ time.Duration) {
	o.calls = append(o.calls, "attempted "+fn)
}
func (o *observed) EventDropped(fn string) {
	o.calls = append(o.calls, "dropped "+fn)
}
func (o *observed) DestinationDelivered(fn, condition string) {
	o.calls = append(o.calls, "destination "+fn+" "+condition)
}

var timestamp = regexp.MustCompile(`"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"`)

// TestDestinationRecords ends events every way and compares what is sent
// to the destination byte for byte.
func TestDestinationRecords(t *testing.T) {
	js, q := openStore(t)
	fnARN := "arn:aws:lambda:us-east-1:123456789012:function:"
	dest := &lambda.DestinationConfig{OnSuccess: &lambda.Destination{Destination: fnARN + "sink"},
		OnFailure: &lambda.Destination{Destination: fnARN + "sink:1"}}
	obs := &observed{}
	p := NewProducer(Config{Region: "us-east-1", Account: "123456789012", Observer: obs}, q, fakeConfigs{
		"work:": {DestinationConfig: dest}, "work:live": {DestinationConfig: dest},
	})
	reply := func(payload, fnErr string) *delivery.Reply {
		return &delivery.Reply{Payload: []byte(payload), Attributes: map[string]string{
			replyVersion: "$LATEST", replyFunctionError: fnErr, replyTrace: "Root=1-2-3;Parent=4;Sampled=1"}}
	}
	event := func(id, qualifier string, attempts int) delivery.Delivery {
		d, _ := Event{RequestID: id, Function: "work", Qualifier: qualifier, Payload: json.RawMessage(`{"n":7}`),
			TraceID: "Root=1-2-3", Accepted: time.Now()}.delivery()
		d.Attempts = attempts
		return d
	}
	for _, tc := range []struct {
		name string
		d    delivery.Delivery
		o    delivery.Outcome
		to   string
		want string
	}{
		{"Success", event("r1", "", 1), delivery.Outcome{End: delivery.Delivered, Reply: reply(`{"ok":7}`, "")}, "sink",
			`{"version":"1.0","timestamp":"T","requestContext":{"requestId":"r1","functionArn":"` + fnARN + `work:$LATEST","condition":"Success","approximateInvokeCount":1},"requestPayload":{"n":7},"responseContext":{"statusCode":200,"executedVersion":"$LATEST"},"responsePayload":{"ok":7}}`},
		{"RetriesExhausted", event("r2", "live", 3), delivery.Outcome{End: delivery.Exhausted, Err: errAttempt,
			Reply: reply(`{"errorMessage":"failing","errorType":"Exception"}`, "Unhandled")}, "sink:1",
			`{"version":"1.0","timestamp":"T","requestContext":{"requestId":"r2","functionArn":"` + fnARN + `work:live","condition":"RetriesExhausted","approximateInvokeCount":3},"requestPayload":{"n":7},"responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},"responsePayload":{"errorMessage":"failing","errorType":"Exception"}}`},
		{"ResponseNotJSON", event("r3", "", 1), delivery.Outcome{End: delivery.Delivered, Reply: reply(`not json`, "")}, "sink",
			`{"version":"1.0","timestamp":"T","requestContext":{"requestId":"r3","functionArn":"` + fnARN + `work:$LATEST","condition":"Success","approximateInvokeCount":1},"requestPayload":{"n":7},"responseContext":{"statusCode":200,"executedVersion":"$LATEST"}}`},
		{"EventAgeExceeded", event("r4", "", 1), delivery.Outcome{End: delivery.Expired}, "sink:1",
			`{"version":"1.0","timestamp":"T","requestContext":{"requestId":"r4","functionArn":"` + fnARN + `work:$LATEST","condition":"EventAgeExceeded","approximateInvokeCount":1},"requestPayload":{"n":7}}`},
		{"ZeroReservedConcurrency", event("r5", "", 0), delivery.Outcome{End: delivery.Refused, Err: delivery.ErrPermanent}, "sink:1",
			`{"version":"1.0","timestamp":"T","requestContext":{"requestId":"r5","functionArn":"` + fnARN + `work:$LATEST","condition":"ZeroReservedConcurrency","approximateInvokeCount":0},"requestPayload":{"n":7}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(stored(t, js))
			if err := p.Finish(context.Background(), tc.d, tc.o); err != nil {
				t.Fatal(err)
			}
			all := stored(t, js)
			if len(all) != before+1 {
				t.Fatalf("%d deliveries sent, want 1", len(all)-before)
			}
			sent := all[len(all)-1]
			if got := timestamp.ReplaceAllString(string(sent.Payload), `"timestamp":"T"`); got != tc.want {
				t.Errorf("record\n%s\nwant\n%s", got, tc.want)
			}
			wantTrace := "Root=1-2-3"
			if tc.o.Reply != nil {
				wantTrace = tc.o.Reply.Attributes[replyTrace]
			}
			if cond := regexp.MustCompile(`"condition":"(\w+)"`).FindStringSubmatch(tc.want)[1]; obs.calls[len(obs.calls)-1] != "destination work "+cond {
				t.Errorf("observed %v", obs.calls)
			}
			if sent.Target.Name != tc.to || sent.Producer != ProducerKind || sent.ID != derivedID(tc.d.ID+"/destination") ||
				sent.Attributes[attrTrace] != wantTrace || sent.Attempts != 0 {
				t.Errorf("destination delivery %+v", sent)
			}
		})
	}
	t.Run("Dropped", func(t *testing.T) {
		obs.calls = nil
		before := len(stored(t, js))
		if err := p.Finish(context.Background(), event("r6", "", 0), delivery.Outcome{End: delivery.Dropped}); err != nil {
			t.Fatal(err)
		}
		if n := len(stored(t, js)) - before; n != 0 || fmt.Sprint(obs.calls) != "[dropped work]" {
			t.Errorf("%d deliveries sent, observed %v", n, obs.calls)
		}
	})
	t.Run("NoDestination", func(t *testing.T) {
		d := event("r7", "", 1)
		d.Target.Name = "other"
		before := len(stored(t, js))
		if err := p.Finish(context.Background(), d, delivery.Outcome{End: delivery.Delivered, Reply: reply(`{}`, "")}); err != nil {
			t.Fatal(err)
		}
		if n := len(stored(t, js)) - before; n != 0 {
			t.Errorf("%d deliveries sent", n)
		}
	})
}
