package sns

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/store"
)

const account = "123456789012"

// fakeQueue records what is enqueued.
type fakeQueue struct {
	mu sync.Mutex
	ds []delivery.Delivery
}

func (q *fakeQueue) Enqueue(_ context.Context, d delivery.Delivery) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ds = append(q.ds, d)
	return nil
}

func (q *fakeQueue) take() []delivery.Delivery {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.ds
	q.ds = nil
	return out
}

func openTopics(t *testing.T) (*Topics, *fakeQueue) {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	q := &fakeQueue{}
	tp, err := Open(context.Background(), Config{Region: "us-east-1", Admin: account, Endpoint: "http://virga"}, st, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := tp.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tp.Close)
	return tp, q
}

func TestFanOut(t *testing.T) {
	ctx := context.Background()
	tp, q := openTopics(t)
	arn, err := tp.CreateTopic(ctx, account, "orders", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	fn := "arn:aws:lambda:us-east-1:" + account + ":function:f"
	queue := "arn:aws:sqs:us-east-1:" + account + ":q"
	lambdaSub, _ := tp.Subscribe(ctx, account, SubscribeInput{TopicArn: arn, Protocol: "lambda", Endpoint: fn,
		Attributes: map[string]string{"FilterPolicy": `{"kind":["big"]}`}})
	tp.Subscribe(ctx, account, SubscribeInput{TopicArn: arn, Protocol: "sqs", Endpoint: queue, Attributes: map[string]string{"RawMessageDelivery": "true"}})
	pending, err := tp.Subscribe(ctx, account, SubscribeInput{TopicArn: arn, Protocol: "https", Endpoint: "https://example.com/hook"})
	if err != nil || pending != pendingARN {
		t.Fatalf("subscribe https: %q %v", pending, err)
	}
	confirm := q.take()
	if len(confirm) != 1 || confirm[0].Target.Kind != HTTPKind || confirm[0].Attributes[attrMessageType] != typeSubscriptionConfirmation {
		t.Fatalf("confirmation %+v", confirm)
	}

	for _, kind := range []string{"big", "small"} {
		_, err := tp.Publish(ctx, account, PublishInput{TopicArn: arn, Message: "m-" + kind,
			MessageAttributes: map[string]attribute{"kind": {DataType: "String", StringValue: kind}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	published := q.take()
	if len(published) != 2 || published[0].Target != (delivery.Address{Kind: TargetKind, Name: arn}) {
		t.Fatalf("published %+v", published)
	}
	for _, d := range published {
		if _, err := tp.Deliver(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	byKind := map[string][]delivery.Delivery{}
	for _, d := range q.take() {
		byKind[d.Target.Kind] = append(byKind[d.Target.Kind], d)
	}
	if len(byKind[HTTPKind]) != 0 {
		t.Errorf("the pending subscription got messages")
	}
	if len(byKind[sqsKind]) != 2 || string(byKind[sqsKind][0].Payload) != "m-big" || !strings.Contains(byKind[sqsKind][0].Attributes[attrMessageAt], `"kind"`) {
		t.Errorf("queue deliveries %+v", byKind[sqsKind])
	}
	lam := byKind[lambdaKind]
	if len(lam) != 1 || lam[0].Target.Name != fn || lam[0].Attributes[delivery.AttrSourceArn] != arn || lam[0].Attributes[delivery.AttrSourcePrincipal] != snsPrincipal {
		t.Fatalf("lambda deliveries %+v", lam)
	}
	var ev lambdaEvent
	if err := json.Unmarshal(lam[0].Payload, &ev); err != nil || ev.Records[0].EventSubscriptionArn != lambdaSub ||
		ev.Records[0].Sns.Message != "m-big" || ev.Records[0].Sns.Subject != nil {
		t.Errorf("event %s: %v", lam[0].Payload, err)
	}
	checkSignature(t, tp, ev.Records[0].Sns)

	t.Run("RepeatedFanOutIsTheSame", func(t *testing.T) {
		tp.Deliver(ctx, published[0])
		again := q.take()
		if len(again) != 2 || again[0].ID != byKind[lambdaKind][0].ID && again[1].ID != byKind[lambdaKind][0].ID {
			t.Errorf("a repeated fan-out made other deliveries: %+v", again)
		}
	})
	t.Run("TopicGone", func(t *testing.T) {
		if err := tp.DeleteTopic(ctx, account, arn); err != nil {
			t.Fatal(err)
		}
		if _, err := tp.Deliver(ctx, published[0]); !errors.Is(err, delivery.ErrGone) {
			t.Errorf("deliver to a deleted topic: %v", err)
		}
		if subs, _, _ := tp.ListSubscriptions(ctx, account, "", ""); len(subs) != 0 {
			t.Errorf("subscriptions outlived their topic: %v", subs)
		}
	})
}

// checkSignature verifies a notification as a subscriber would.
func checkSignature(t *testing.T, tp *Topics, sn lambdaSns) {
	t.Helper()
	block, _ := pem.Decode(tp.signer.certPEM)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	text := "Message\n" + sn.Message + "\nMessageId\n" + sn.MessageId + "\nTimestamp\n" + sn.Timestamp + "\nTopicArn\n" + sn.TopicArn + "\nType\nNotification\n"
	sig, _ := base64.StdEncoding.DecodeString(sn.Signature)
	sum := sha1.Sum([]byte(text))
	if err := rsa.VerifyPKCS1v15(cert.PublicKey.(*rsa.PublicKey), crypto.SHA1, sum[:], sig); err != nil {
		t.Errorf("signature: %v", err)
	}
	if !strings.HasSuffix(sn.SigningCertUrl, tp.signer.certName) {
		t.Errorf("certificate URL %s", sn.SigningCertUrl)
	}
}

func TestSignatureVersion2(t *testing.T) {
	tp, _ := openTopics(t)
	sig := tp.signer.sign("2", [][2]string{{"Message", "m"}})
	block, _ := pem.Decode(tp.signer.certPEM)
	cert, _ := x509.ParseCertificate(block.Bytes)
	raw, _ := base64.StdEncoding.DecodeString(sig)
	sum := sha256.Sum256([]byte("Message\nm\n"))
	if err := rsa.VerifyPKCS1v15(cert.PublicKey.(*rsa.PublicKey), crypto.SHA256, sum[:], raw); err != nil {
		t.Error(err)
	}
}

func TestPublishErrors(t *testing.T) {
	ctx := context.Background()
	tp, _ := openTopics(t)
	arn, _ := tp.CreateTopic(ctx, account, "t", nil, nil)
	fifo, _ := tp.CreateTopic(ctx, account, "t.fifo", map[string]string{"FifoTopic": "true"}, nil)
	empty, long, json := "", strings.Repeat("x", 101), "json"
	cases := []struct {
		name string
		in   PublishInput
		kind *aws.Kind
		msg  string
	}{
		{"NotFound", PublishInput{TopicArn: arn + "x", Message: "m"}, aws.ErrNotFound, "Topic does not exist"},
		{"BadARN", PublishInput{TopicArn: "arn:aws:sqs:us-east-1:" + account + ":t", Message: "m"}, aws.ErrInvalid, "Invalid parameter: TopicArn"},
		{"TooLong", PublishInput{TopicArn: arn, Message: strings.Repeat("x", maxMessageBytes+1)}, aws.ErrInvalid, "Invalid parameter: Message too long"},
		{"AttributesCount", PublishInput{TopicArn: arn, Message: strings.Repeat("x", maxMessageBytes-5),
			MessageAttributes: map[string]attribute{"n": {DataType: "String", StringValue: "vv"}}}, aws.ErrInvalid, "Invalid parameter: Message too long"},
		{"Empty", PublishInput{TopicArn: arn}, aws.ErrInvalid, "Invalid parameter: Empty message"},
		{"EmptySubject", PublishInput{TopicArn: arn, Message: "m", Subject: &empty}, aws.ErrInvalid, "Invalid parameter: Subject"},
		{"LongSubject", PublishInput{TopicArn: arn, Message: "m", Subject: &long}, aws.ErrInvalid, "Invalid parameter: Subject"},
		{"NoDefault", PublishInput{TopicArn: arn, Message: `{"sqs":"x"}`, MessageStructure: &json}, aws.ErrInvalid,
			"Invalid parameter: Message Structure - No default entry in JSON message body"},
		{"NotJSON", PublishInput{TopicArn: arn, Message: `x`, MessageStructure: &json}, aws.ErrInvalid,
			"Invalid parameter: Message Structure - JSON message body failed to parse"},
		{"BadNumber", PublishInput{TopicArn: arn, Message: "m", MessageAttributes: map[string]attribute{"n": {DataType: "Number", StringValue: "x"}}},
			errValueInvalid, "Could not cast message attribute 'n' value to number."},
		{"FIFONoGroup", PublishInput{TopicArn: fifo, Message: "m"}, aws.ErrInvalid, "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"},
		{"FIFONoDedup", PublishInput{TopicArn: fifo, Message: "m", MessageGroupId: &long}, aws.ErrInvalid,
			"Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := tp.Publish(ctx, account, c.in)
			e, ok := aws.As(err)
			if !ok || !errors.Is(err, c.kind) || e.Message != c.msg {
				t.Errorf("got %v, want %q", err, c.msg)
			}
		})
	}
}

func TestMessageStructure(t *testing.T) {
	m := &message{Structure: "json", Body: `{"default":"d","sqs":"q"}`}
	if m.bodyFor("sqs") != "q" || m.bodyFor("lambda") != "d" {
		t.Errorf("bodies %q %q", m.bodyFor("sqs"), m.bodyFor("lambda"))
	}
}

func TestRetryPolicies(t *testing.T) {
	var managed []time.Duration
	for r := 1; r <= 16; r++ {
		managed = append(managed, managedRetry.delay(r))
	}
	if managed[0] != 0 || managed[2] != 0 || managed[3] != time.Second || managed[4] != time.Second ||
		managed[5] != time.Second || managed[14] != 20*time.Second || managed[15] != 20*time.Second {
		t.Errorf("managed schedule %v", managed)
	}
	for i := 6; i < 15; i++ {
		if managed[i] < managed[i-1] {
			t.Errorf("backoff falls at %d: %v", i, managed)
		}
	}
	if defaultHTTPRetry.delay(1) != 20*time.Second || defaultHTTPRetry.delay(3) != 20*time.Second {
		t.Errorf("default HTTP delays %v %v", defaultHTTPRetry.delay(1), defaultHTTPRetry.delay(3))
	}
	custom := effectiveHTTPPolicy("", `{"healthyRetryPolicy":{"numRetries":4,"numNoDelayRetries":1,"minDelayTarget":1,"maxDelayTarget":5,"backoffFunction":"linear"},"requestPolicy":{"headerContentType":"application/json"}}`)
	if custom.ContentType != "application/json" || custom.Retry.delay(1) != 0 || custom.Retry.delay(2) != time.Second || custom.Retry.delay(4) != 5*time.Second {
		t.Errorf("custom policy %+v: %v %v %v", custom, custom.Retry.delay(1), custom.Retry.delay(2), custom.Retry.delay(4))
	}
	override := effectiveHTTPPolicy(`{"http":{"defaultHealthyRetryPolicy":{"numRetries":1,"minDelayTarget":2,"maxDelayTarget":2},"disableSubscriptionOverrides":true}}`,
		`{"healthyRetryPolicy":{"numRetries":9,"minDelayTarget":1,"maxDelayTarget":1}}`)
	if override.Retry.NumRetries != 1 {
		t.Errorf("the topic's policy should win when overrides are disabled: %+v", override)
	}
	if _, err := parseSubscriptionDeliveryPolicy(`{"healthyRetryPolicy":{"numRetries":101,"minDelayTarget":1,"maxDelayTarget":1}}`); err == nil {
		t.Error("101 retries accepted")
	}
}

func TestProducerDeadLetter(t *testing.T) {
	ctx := context.Background()
	tp, q := openTopics(t)
	arn, _ := tp.CreateTopic(ctx, account, "t", nil, nil)
	dlq := "arn:aws:sqs:us-east-1:" + account + ":dlq"
	sub, err := tp.Subscribe(ctx, account, SubscribeInput{TopicArn: arn, Protocol: "sqs", Endpoint: "arn:aws:sqs:us-east-1:" + account + ":q",
		Attributes: map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + dlq + `"}`}})
	if err != nil {
		t.Fatal(err)
	}
	d := delivery.Delivery{ID: "d1", Producer: ProducerKind, Target: delivery.Address{Kind: sqsKind, Name: "q"}, Payload: []byte("body"),
		Attributes: map[string]string{attrSubscription: sub}}
	p := tp.Producer()
	if pol, _ := p.Policy(ctx, d); pol.MaxAttempts != managedRetry.NumRetries+1 || pol.Backoff.Base != 0 {
		t.Errorf("policy %+v", pol)
	}
	if err := p.Finish(ctx, d, delivery.Outcome{End: delivery.Dropped, Err: delivery.ErrGone}); err != nil {
		t.Fatal(err)
	}
	got := q.take()
	if len(got) != 1 || got[0].Target.Name != dlq || string(got[0].Payload) != "body" || !strings.Contains(got[0].Attributes[attrMessageAt], "ClientError") {
		t.Errorf("dead letter %+v", got)
	}
}
