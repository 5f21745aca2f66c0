package sns

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
)

// Attributes of SNS's deliveries to subscriptions.
const (
	attrSubscription = "SubscriptionArn"
	attrMessageType  = "MessageType"
	attrMessageID    = "MessageId"
	attrTopic        = "TopicArn"
	attrRawDelivery  = "RawDelivery"
	attrContentType  = "ContentType"
	// attrDeadLetter marks a message on its way to a dead-letter queue.
	attrDeadLetter = "DeadLetter"
	// snsPrincipal is who delivers, for the resource-based policy of the
	// function or queue a subscription names.
	snsPrincipal = "sns.amazonaws.com"
)

// Deliver is the target of kind sns: it publishes a delivery's message
// into its topic. For a standard topic that is the fan-out, one delivery
// per subscription whose filter policy the message passes; a FIFO
// topic's messages go to its ordered stream. A topic that is gone drops
// the message.
func (t *Topics) Deliver(ctx context.Context, d delivery.Delivery) (delivery.Reply, error) {
	m, err := messageOf(d)
	if err != nil {
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrPermanent, err)
	}
	ref, err := t.parseTopicARN(m.Topic, "TopicArn")
	if err != nil {
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrGone, err)
	}
	tp, ok := t.cache.topic(ctx, ref.key())
	if !ok {
		return delivery.Reply{}, fmt.Errorf("%w: topic %s does not exist", delivery.ErrGone, m.Topic)
	}
	if err := mayPublish(tp, d); err != nil {
		return delivery.Reply{}, err
	}
	if tp.fifo() {
		_, err := t.fifo.append(ctx, tp, m)
		return delivery.Reply{}, err
	}
	return delivery.Reply{}, t.fanOut(ctx, tp, m)
}

// fanOut stores one delivery per matching confirmed subscription. A
// repeated fan-out makes the same deliveries, which the queue stores once.
func (t *Topics) fanOut(ctx context.Context, tp *topic, m *message) error {
	ds := t.deliveriesOf(tp, m, "")
	errs := make(chan error, len(ds))
	var wg sync.WaitGroup
	for _, d := range ds {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- t.queue.Enqueue(ctx, d) }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// deliveriesOf makes the deliveries of m to the topic's confirmed
// subscriptions of protocol ("" for all) that its filter policies let
// through; a body is signed once for all the subscriptions that get it.
func (t *Topics) deliveriesOf(tp *topic, m *message, protocol string) []delivery.Delivery {
	signed := map[string]signedNotification{}
	var ds []delivery.Delivery
	for _, cs := range t.cache.subscriptionsOf(tp.Ref.ARN(), func(s *subscription) bool {
		return !s.Pending && (protocol == "" || s.Protocol == protocol)
	}) {
		body := m.bodyFor(cs.sub.Protocol)
		if !cs.filter.match(m, body) {
			continue
		}
		sig, ok := signed[body]
		if !ok {
			sig = t.signNotification(tp, m, body)
			signed[body] = sig
		}
		ds = append(ds, t.deliveryTo(cs.sub, m, body, sig))
	}
	return ds
}

// deliveryTo is the delivery of m to one subscription, in its protocol's
// shape.
func (t *Topics) deliveryTo(s *subscription, m *message, body string, sig signedNotification) delivery.Delivery {
	d := delivery.Delivery{
		ID: derivedID(m.ID + "/" + s.Ref.ID), Producer: ProducerKind, Accepted: m.Timestamp,
		Attributes: map[string]string{attrSubscription: s.Ref.ARN()},
	}
	source := func() {
		d.Attributes[delivery.AttrSourceArn], d.Attributes[delivery.AttrSourcePrincipal] = m.Topic, snsPrincipal
		d.Attributes[delivery.AttrSourceAccount] = s.Ref.Topic.Account
	}
	payload := func() []byte {
		if s.raw() {
			return []byte(body)
		}
		return t.notificationEnvelope(m, body, sig, s)
	}
	switch s.Protocol {
	case "lambda":
		d.Target = delivery.Address{Kind: lambdaKind, Name: s.Endpoint}
		d.Payload = t.lambdaPayload(m, body, sig, s)
		source()
	case "sqs":
		d.Target = delivery.Address{Kind: sqsKind, Name: s.Endpoint}
		d.Payload = payload()
		t.queueAttributes(d.Attributes, s, m)
		source()
	default:
		d.Target = delivery.Address{Kind: HTTPKind, Name: s.Endpoint}
		d.Payload = payload()
		d.Attributes[attrMessageType], d.Attributes[attrMessageID], d.Attributes[attrTopic] = typeNotification, m.ID, m.Topic
		d.Attributes[attrRawDelivery] = strconv.FormatBool(s.raw())
	}
	return d
}

// queueAttributes are what the sqs kind needs: a FIFO topic's group and
// deduplication ids and, with raw delivery, the message attributes.
func (t *Topics) queueAttributes(attrs map[string]string, s *subscription, m *message) {
	if m.GroupID != "" {
		attrs[attrGroupID], attrs[attrDedupID] = m.GroupID, m.DedupID
	}
	if s.raw() && len(m.Attributes) > 0 {
		b, _ := json.Marshal(m.Attributes)
		attrs[attrMessageAt] = string(b)
	}
}

// sendConfirmation stores the request to confirm (or the notice of the
// end of) an HTTP/S subscription, signed like every message.
func (t *Topics) sendConfirmation(ctx context.Context, tp *topic, s *subscription, kind string) error {
	id := lambda.NewUUID()
	now := time.Now().UTC()
	text := fmt.Sprintf("You have chosen to subscribe to the topic %s.\nTo confirm the subscription, visit the SubscribeURL included in this message.", tp.Ref.ARN())
	if kind == typeUnsubscribeConfirmation {
		text = fmt.Sprintf("You have chosen to deactivate subscription %s.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.", s.Ref.ARN())
	}
	e := envelope{Type: kind, MessageId: id, Token: s.Token, TopicArn: tp.Ref.ARN(), Message: text, SubscribeURL: t.subscribeURL(s),
		Timestamp: now.Format(timeFormat), SignatureVersion: tp.signatureVersion(), SigningCertURL: t.certURL()}
	e.Signature = t.signer.sign(e.SignatureVersion, [][2]string{{"Message", e.Message}, {"MessageId", id},
		{"SubscribeURL", e.SubscribeURL}, {"Timestamp", e.Timestamp}, {"Token", e.Token}, {"TopicArn", e.TopicArn}, {"Type", kind}})
	d := delivery.Delivery{
		ID: id, Producer: ProducerKind, Target: delivery.Address{Kind: HTTPKind, Name: s.Endpoint}, Payload: marshal(e), Accepted: now,
		Attributes: map[string]string{attrSubscription: s.Ref.ARN(), attrMessageType: kind, attrMessageID: id, attrTopic: tp.Ref.ARN()},
	}
	if err := t.queue.Enqueue(ctx, d); err != nil {
		return fmt.Errorf("send %s: %w", kind, err)
	}
	return nil
}

// derivedID is a UUID derived from seed, so that a step repeated after a
// crash makes deliveries the queue recognizes as duplicates.
func derivedID(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	return lambda.FormatUUID([16]byte(sum[:16]))
}
