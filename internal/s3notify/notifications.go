package s3notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/store"
)

// ProducerName is the producer of S3's deliveries in the delivery queue.
const ProducerName = "s3"

// Config places the notifications.
type Config struct {
	Region, Account string
	Logger          *slog.Logger
}

// Enqueuer stores deliveries; *delivery.Queue is one.
type Enqueuer interface {
	Enqueue(ctx context.Context, d delivery.Delivery) error
}

// Notifications keeps buckets' notification configurations and turns
// object events into deliveries.
type Notifications struct {
	cfg     Config
	configs store.KV
	queue   Enqueuer
	dest    Destinations
	log     *slog.Logger
}

// New builds the notifications over the bucket of configurations (one
// key per bucket) and the delivery queue.
func New(cfg Config, configs store.KV, queue Enqueuer, dest Destinations) *Notifications {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Notifications{cfg: cfg, configs: configs, queue: queue, dest: dest, log: log.With("component", "s3notify")}
}

// Get is a bucket's configuration as GetBucketNotificationConfiguration
// answers it; a bucket without one has an empty one.
func (n *Notifications) Get(ctx context.Context, bucket string) ([]byte, error) {
	c, _, err := n.load(ctx, bucket)
	if err != nil {
		return nil, err
	}
	return c.Document(), nil
}

// Put replaces a bucket's configuration, once S3's rules and every
// destination accept it, and sends S3's test event to its queues and
// topics. An empty configuration removes notifications.
func (n *Notifications) Put(ctx context.Context, bucket string, body []byte) error {
	c, err := Parse(body)
	if err != nil {
		return err
	}
	if err := c.Check(); err != nil {
		return err
	}
	if err := n.checkDestinations(ctx, bucket, c); err != nil {
		return err
	}
	_, err = store.Modify(ctx, n.configs, bucket, func(v *Configuration, _ bool) error {
		if c.empty() {
			return store.Remove
		}
		*v = c
		return nil
	})
	if err != nil {
		return fmt.Errorf("store notification configuration of %s: %w", bucket, err)
	}
	return n.sendTestEvents(ctx, bucket, c)
}

// Delete forgets the configuration of a bucket that is deleted.
func (n *Notifications) Delete(ctx context.Context, bucket string) error {
	err := n.configs.Delete(ctx, bucket, 0)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("remove notification configuration of %s: %w", bucket, err)
	}
	return nil
}

// load reads a bucket's configuration; found is false when it has none.
func (n *Notifications) load(ctx context.Context, bucket string) (c Configuration, found bool, err error) {
	e, err := n.configs.Get(ctx, bucket)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return Configuration{}, false, nil
	case err != nil:
		return Configuration{}, false, fmt.Errorf("read notification configuration of %s: %w", bucket, err)
	}
	if err := json.Unmarshal(e.Value, &c); err != nil {
		return Configuration{}, false, fmt.Errorf("decode notification configuration of %s: %w", bucket, err)
	}
	return c, true, nil
}

func (c Configuration) empty() bool {
	return len(c.targets()) == 0 && c.EventBridge == nil
}
