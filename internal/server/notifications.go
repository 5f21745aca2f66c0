package server

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/objects"
	"github.com/virga-dev/virga/internal/s3notify"
	"github.com/virga-dev/virga/internal/store"
)

// openNotifications opens the bucket of S3 notification configurations;
// destinations are checked against the functions, queues and topics.
func openNotifications(ctx context.Context, cfg Config, account string, st *store.Store, deliveries *delivery.Queue,
	dest s3notify.Destinations) (*s3notify.Notifications, error) {
	configs, err := st.Bucket(ctx, "s3-notifications")
	if err != nil {
		return nil, err
	}
	return s3notify.New(s3notify.Config{Region: cfg.Region, Account: account, Logger: cfg.Logger}, configs, deliveries, dest), nil
}

// lateNotifier hands object events to the notifications, which are built
// after the object store: they check destinations against the control
// plane, which reads code from the object store.
type lateNotifier struct {
	n atomic.Pointer[s3notify.Notifications]
}

// Set hands the notifications over.
func (l *lateNotifier) Set(n *s3notify.Notifications) { l.n.Store(n) }

func (l *lateNotifier) Notify(ctx context.Context, ev objects.Event) error {
	n := l.n.Load()
	if n == nil {
		return errors.New("bucket notifications are not ready yet")
	}
	return n.Notify(ctx, ev)
}
