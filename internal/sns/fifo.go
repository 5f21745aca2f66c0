package sns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/delivery"
)

// fifoLog keeps the messages of FIFO topics in one work-queue stream and
// delivers them in the order they were stored: its consumer lets one
// message out at a time, region-wide, and acknowledges it only once every
// subscription has it (or its dead-letter queue has), so a group's
// messages reach a FIFO queue in order. Deduplication ids are the
// stream's message ids, remembered for five minutes, as SNS's are.
type fifoLog struct {
	js      jetstream.JetStream
	stream  jetstream.Stream
	cons    jetstream.Consumer
	topics  *Topics
	targets map[string]delivery.Target

	cc       jetstream.ConsumeContext
	stop     chan struct{}
	stopOnce sync.Once
}

const (
	fifoStream   = "SNS_FIFO"
	fifoSubjects = "snsfifo"
	fifoDedup    = 5 * time.Minute
)

func openFIFO(ctx context.Context, js jetstream.JetStream, t *Topics, targets map[string]delivery.Target) (*fifoLog, error) {
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: fifoStream, Subjects: []string{fifoSubjects + ".>"}, Retention: jetstream.WorkQueuePolicy,
		Storage: jetstream.FileStorage, Duplicates: fifoDedup,
	})
	if err != nil {
		return nil, fmt.Errorf("open FIFO topic stream: %w", err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, fifoStream, jetstream.ConsumerConfig{
		Durable: "fanout", AckPolicy: jetstream.AckExplicitPolicy, AckWait: 30 * time.Second, MaxDeliver: -1, MaxAckPending: 1,
	})
	if err != nil {
		return nil, fmt.Errorf("open FIFO topic consumer: %w", err)
	}
	return &fifoLog{js: js, stream: st, cons: cons, topics: t, targets: targets, stop: make(chan struct{})}, nil
}

func (f *fifoLog) start() error {
	cc, err := f.cons.Consume(f.handle, jetstream.PullMaxMessages(1))
	if err != nil {
		return fmt.Errorf("start FIFO topic delivery: %w", err)
	}
	f.cc = cc
	return nil
}

func (f *fifoLog) close() {
	f.stopOnce.Do(func() { close(f.stop) })
	if f.cc != nil {
		f.cc.Stop()
	}
}

// append stores m; a deduplication id seen in the last five minutes
// answers with the message first stored under it.
func (f *fifoLog) append(ctx context.Context, tp *topic, m *message) (PublishOutput, error) {
	d, err := m.delivery()
	if err != nil {
		return PublishOutput{}, err
	}
	data, err := json.Marshal(d)
	if err != nil {
		return PublishOutput{}, err
	}
	msg := nats.NewMsg(fifoSubjects + "." + tp.Ref.Account + "." + strings.TrimSuffix(tp.Ref.Name, ".fifo"))
	msg.Data = data
	msg.Header.Set(jetstream.MsgIDHeader, tp.Ref.key()+"/"+m.DedupID)
	ack, err := f.js.PublishMsg(ctx, msg)
	if err != nil {
		return PublishOutput{}, fmt.Errorf("store message: %w", err)
	}
	out := PublishOutput{MessageId: m.ID, SequenceNumber: sequenceNumber(ack.Sequence)}
	if ack.Duplicate {
		if first, err := f.stored(ctx, ack.Sequence); err == nil {
			out.MessageId = first.ID
		}
	}
	return out, nil
}

// stored reads back a message still in the stream.
func (f *fifoLog) stored(ctx context.Context, seq uint64) (delivery.Delivery, error) {
	var d delivery.Delivery
	raw, err := f.stream.GetMsg(ctx, seq)
	if err == nil {
		err = json.Unmarshal(raw.Data, &d)
	}
	return d, err
}

// sequenceNumber spells a stream sequence as SNS's 20-digit numbers.
func sequenceNumber(seq uint64) string { return fmt.Sprintf("%020d", seq) }

// handle delivers one message to every subscription of its topic, in
// order, and acknowledges it. Shutdown leaves it to be delivered again.
func (f *fifoLog) handle(msg jetstream.Msg) {
	var d delivery.Delivery
	meta, err := msg.Metadata()
	if err == nil {
		err = json.Unmarshal(msg.Data(), &d)
	}
	m, merr := messageOf(d)
	if err != nil || merr != nil {
		f.topics.log.Error("undecodable FIFO message dropped", "err", errors.Join(err, merr))
		_ = msg.Term()
		return
	}
	m.Sequence = sequenceNumber(meta.Sequence.Stream)
	ctx := context.Background()
	if tp, ok := f.topics.topicFor(ctx, m.Topic); ok {
		for _, dl := range f.topics.deliveriesOf(tp, m, "sqs") {
			if !f.deliver(ctx, dl, msg) {
				_ = msg.Nak()
				return
			}
		}
	}
	_ = msg.Ack()
}

// deliver makes the attempts of one delivery with SNS's policy for queues;
// false means shutdown came first.
func (f *fifoLog) deliver(ctx context.Context, d delivery.Delivery, msg jetstream.Msg) bool {
	for retry := 0; ; retry++ {
		err := f.attempt(ctx, d)
		switch {
		case err == nil:
			return true
		case errors.Is(err, delivery.ErrGone), errors.Is(err, delivery.ErrPermanent), retry >= managedRetry.NumRetries:
			d.Attempts = retry + 1
			if derr := f.topics.deadLetter(ctx, d, err); derr != nil {
				f.topics.log.Error("a FIFO message could not go to its dead-letter queue", "subscription", d.Attributes[attrSubscription], "err", derr)
			}
			return true
		}
		_ = msg.InProgress()
		select {
		case <-f.stop:
			return false
		case <-time.After(max(managedRetry.delay(retry+1), 10*time.Millisecond)):
		}
	}
}

func (f *fifoLog) attempt(ctx context.Context, d delivery.Delivery) error {
	target, ok := f.targets[d.Target.Kind]
	if !ok {
		return fmt.Errorf("no target of kind %s", d.Target.Kind)
	}
	_, err := target.Deliver(ctx, d)
	return err
}
