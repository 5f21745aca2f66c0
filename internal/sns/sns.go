// Package sns is Virga's topic service: Amazon SNS's API (query protocol,
// XML answers) over topics and subscriptions kept in JetStream, and the
// fan-out that carries each published message to every subscription whose
// filter policy it passes — Lambda functions, SQS queues and HTTP/S
// endpoints — through the delivery queue, with SNS's retry policies and
// a subscription's dead-letter queue.
//
// Publish returns once the message is stored: for a standard topic as a
// delivery to the topic itself (kind sns), whose one step is the fan-out
// into one delivery per matching subscription; for a FIFO topic in a
// stream of its own that one consumer at a time reads in order, delivering
// to each subscription before the next message. HTTP/S endpoints confirm
// their subscription, and every message they receive is signed with a key
// Virga keeps in the store, whose certificate Virga serves.
// docs/decisions/0015-topics.md tells why.
package sns

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/store"
)

// Kinds under which the composition root registers SNS's parts.
const (
	// ProducerKind owns every delivery SNS makes.
	ProducerKind = "sns"
	// TargetKind publishes into a topic; a target's name is the topic's
	// ARN. SNS's own Publish stores a message as such a delivery, and
	// other producers (Lambda's dead-letter queue and destinations) send
	// to topics with it.
	TargetKind = "sns"
	// HTTPKind posts to an HTTP/S endpoint; a target's name is its URL.
	HTTPKind = "http"
	// lambdaKind and sqsKind are the shared kinds of functions and queues.
	lambdaKind = "lambda"
	sqsKind    = "sqs"
)

// Config is what the topics need besides the store.
type Config struct {
	Region string
	// Admin is the administrator's account, which may use every account's
	// topics; other accounts use their own.
	Admin string
	// Endpoint is Virga's base URL ("http://127.0.0.1:9000"), where the
	// subscription and unsubscribe links and the certificate point.
	Endpoint string
	Logger   *slog.Logger
}

// Queue stores deliveries.
type Queue interface {
	Enqueue(ctx context.Context, d delivery.Delivery) error
}

// Topics is every account's topics and subscriptions, and their fan-out.
type Topics struct {
	cfg    Config
	log    *slog.Logger
	topics *store.Bucket // topics by "<account>.<name>"
	subs   *store.Bucket // subscriptions by id
	queue  Queue
	signer *signer
	fifo   *fifoLog
	cache  *cache
}

// Buckets of the topics.
const (
	topicsBucket = "snstopics"
	subsBucket   = "snssubscriptions"
	keysBucket   = "snskeys"
)

// Open opens (creating if needed) the buckets, the signing key and the
// FIFO stream. Deliveries go to q; a FIFO topic's deliveries are made
// directly through fifoTargets, by kind.
func Open(ctx context.Context, cfg Config, st *store.Store, q Queue, fifoTargets map[string]delivery.Target) (*Topics, error) {
	t := &Topics{cfg: cfg, queue: q, log: cfg.Logger}
	if t.log == nil {
		t.log = slog.Default()
	}
	t.log = t.log.With("component", "sns")
	var err error
	if t.topics, err = st.Bucket(ctx, topicsBucket); err != nil {
		return nil, err
	}
	if t.subs, err = st.Bucket(ctx, subsBucket); err != nil {
		return nil, err
	}
	keys, err := st.Bucket(ctx, keysBucket)
	if err != nil {
		return nil, err
	}
	if t.signer, err = loadSigner(ctx, keys); err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	t.cache = newCache(t.topics, t.subs, t.log)
	if t.fifo, err = openFIFO(ctx, st.JetStream(), t, fifoTargets); err != nil {
		return nil, err
	}
	return t, nil
}

// Start loads the topics and subscriptions, follows their changes on every
// server, and starts delivering FIFO topics' messages.
func (t *Topics) Start(ctx context.Context) error {
	if err := t.cache.start(ctx); err != nil {
		return fmt.Errorf("load topics: %w", err)
	}
	return t.fifo.start()
}

// Close stops the FIFO delivery; a message being delivered is delivered
// again after a restart.
func (t *Topics) Close() { t.fifo.close() }

func (t *Topics) endpoint() string { return t.cfg.Endpoint }
