package store

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ReadStream calls fn for every message an ordered consumer of cfg
// delivers now, and returns when it has them all (or when the rest
// expired meanwhile).
func ReadStream(ctx context.Context, stream jetstream.Stream, cfg jetstream.OrderedConsumerConfig, fn func(jetstream.Msg)) error {
	cons, err := stream.OrderedConsumer(ctx, cfg)
	if err != nil {
		return fmt.Errorf("read stream: %w", err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return fmt.Errorf("read stream: %w", err)
	}
	for pending := info.NumPending; pending > 0; {
		batch, err := cons.Fetch(int(min(pending, 1000)), jetstream.FetchMaxWait(time.Second))
		if err != nil {
			return fmt.Errorf("read stream: %w", err)
		}
		n := 0
		for msg := range batch.Messages() {
			n++
			fn(msg)
		}
		if n == 0 {
			return batch.Error()
		}
		pending -= uint64(n)
	}
	return nil
}
