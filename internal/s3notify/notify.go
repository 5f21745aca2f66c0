package s3notify

import (
	"context"
	"fmt"
	"time"

	"github.com/virga-dev/virga/internal/async"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/objects"
	"github.com/virga-dev/virga/internal/targets"
)

// snsSubject is the subject of S3's messages to topics.
const snsSubject = "Amazon S3 Notification"

// Notify stores a delivery for every destination whose configuration
// selects ev, and returns once the queue holds them all: the write may
// then be acknowledged. The same event notified again (a retried write)
// makes the same deliveries, which the queue stores once.
func (n *Notifications) Notify(ctx context.Context, ev objects.Event) error {
	c, found, err := n.load(ctx, ev.Bucket)
	if err != nil || !found {
		return err
	}
	for _, d := range n.deliveriesOf(c, ev) {
		if err := n.queue.Enqueue(ctx, d); err != nil {
			return fmt.Errorf("store notification of %s/%s for %s: %w", ev.Bucket, ev.Key, d.Target.Name, err)
		}
	}
	return nil
}

// deliveriesOf are the deliveries of ev under configuration c.
func (n *Notifications) deliveriesOf(c Configuration, ev objects.Event) []delivery.Delivery {
	key := EncodeKey(ev.Key)
	var ds []delivery.Delivery
	add := func(list []Target, kind string) {
		for _, t := range list {
			if t.selects(ev.Name, key) {
				ds = append(ds, n.delivery(ev, t.ID, kind, t.arn(), recordsOf(ev, t.ID, n.cfg.Account)))
			}
		}
	}
	add(c.Topics, targets.KindTopic)
	add(c.Queues, targets.KindQueue)
	add(c.Functions, targets.KindFunction)
	if c.EventBridge == nil {
		return ds
	}
	if entry, ok := busEntryOf(ev, n.cfg.Account); ok {
		ds = append(ds, n.delivery(ev, "eventbridge", targets.KindBus, n.defaultBus(), entry))
	}
	return ds
}

// delivery is one payload of ev to a destination, with what that kind of
// destination needs beside it.
func (n *Notifications) delivery(ev objects.Event, configID, kind, dest string, payload []byte) delivery.Delivery {
	seed := fmt.Sprintf("s3/%s/%s/%s/%s/%s/%s", ev.Bucket, ev.Key, ev.Sequencer, ev.RequestID, configID, dest)
	return delivery.Delivery{
		ID: lambda.DerivedUUID(seed), Producer: ProducerName, Target: delivery.Address{Kind: kind, Name: dest},
		Payload: payload, Attributes: n.attributes(ev.Bucket, kind, dest), Accepted: time.Now(),
	}
}

// attributes are a delivery's: where it comes from (for a dead letter),
// who invokes (for a function's policy), a topic message's subject.
func (n *Notifications) attributes(bucket, kind, dest string) map[string]string {
	attrs := targets.Settings{Origin: bucketARN(bucket), TargetARN: dest}.Attributes(nil)
	switch kind {
	case targets.KindFunction:
		attrs[async.AttrSourcePrincipal], attrs[async.AttrSourceArn], attrs[async.AttrSourceAccount] = s3Principal, bucketARN(bucket), n.cfg.Account
	case targets.KindTopic:
		attrs["Subject"] = snsSubject
	}
	return attrs
}

// defaultBus is the account's default event bus, where S3 sends events.
func (n *Notifications) defaultBus() string {
	return "arn:aws:events:" + n.cfg.Region + ":" + n.cfg.Account + ":event-bus/default"
}
