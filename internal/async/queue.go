package async

import (
	"context"

	"github.com/virga-dev/virga/internal/delivery"
)

// Queue stores events as deliveries to their functions.
type Queue struct {
	deliveries *delivery.Queue
}

// NewQueue stores events in q.
func NewQueue(q *delivery.Queue) *Queue {
	return &Queue{deliveries: q}
}

// Enqueue stores ev and returns once the store has acknowledged it.
func (q *Queue) Enqueue(ctx context.Context, ev Event) error {
	d, err := ev.delivery()
	if err != nil {
		return err
	}
	return q.deliveries.Enqueue(ctx, d)
}

// DepthByFunction reports how many events of each function wait or run.
func (q *Queue) DepthByFunction(ctx context.Context) (map[string]uint64, error) {
	byTarget, err := q.deliveries.Depth(ctx, TargetKind)
	if err != nil {
		return nil, err
	}
	depth := make(map[string]uint64, len(byTarget))
	for name, n := range byTarget {
		fn, _ := function(delivery.Address{Name: name})
		depth[fn] += n
	}
	return depth, nil
}
