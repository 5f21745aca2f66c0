package async

import (
	"context"
	"errors"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/lambda"
)

// settings are the asynchronous settings of one event's function.
type settings struct {
	retries              int
	maxAge               time.Duration
	onSuccess, onFailure string
}

func (d *Dispatcher) settings(ctx context.Context, ev Event) (settings, error) {
	s := settings{retries: lambda.DefaultRetryAttempts, maxAge: lambda.DefaultMaxEventAge * time.Second}
	cfg, ok, err := d.configs.EventInvokeConfig(ctx, ev.Function, ev.Qualifier)
	if err != nil || !ok {
		return s, err
	}
	if cfg.MaximumRetryAttempts != nil {
		s.retries = *cfg.MaximumRetryAttempts
	}
	if cfg.MaximumEventAgeInSeconds != nil {
		s.maxAge = time.Duration(*cfg.MaximumEventAgeInSeconds) * time.Second
	}
	if dc := cfg.DestinationConfig; dc != nil {
		if dc.OnSuccess != nil {
			s.onSuccess = dc.OnSuccess.Destination
		}
		if dc.OnFailure != nil {
			s.onFailure = dc.OnFailure.Destination
		}
	}
	return s, nil
}

// attempt invokes the function once and decides what follows.
func (d *Dispatcher) attempt(ctx context.Context, msg jetstream.Msg, ev Event, s settings) {
	d.cfg.Observer.EventAttempted(ev.Function, time.Since(ev.Accepted))
	stop := keepInProgress(msg)
	res, err := d.invoker.Invoke(ctx, lambda.Invocation{
		Name: ev.Function, Qualifier: ev.Qualifier, Type: lambda.InvokeRequestResponse, RequestID: ev.RequestID,
		Payload: ev.Payload, ClientContext: ev.ClientContext, TraceID: ev.TraceID,
	})
	stop()
	switch {
	case d.closing():
		_ = msg.Nak() // cut short by shutdown: it runs again after a restart
	case errors.Is(err, concurrency.ErrZeroReserved):
		d.finish(ctx, msg, ev, s, outcome{condition: conditionZeroReserved})
	case errors.Is(err, aws.ErrNotFound):
		d.cfg.Observer.EventDropped(ev.Function)
		d.log.Warn("event dropped: its function is gone", "function", ev.Function, "qualifier", ev.Qualifier, "request_id", ev.RequestID)
		_ = msg.Ack()
	case err != nil:
		d.retryLater(msg, ev, err) // throttled, updating, or failing to start: not an attempt
	default:
		ev.Attempts++
		d.after(ctx, msg, ev, s, res)
	}
}

// after handles the result of an attempt: success, a retry, or failure.
func (d *Dispatcher) after(ctx context.Context, msg jetstream.Msg, ev Event, s settings, res lambda.InvokeResult) {
	o := outcome{condition: conditionSuccess, result: &res}
	if res.FunctionError != "" {
		if ev.Attempts <= s.retries {
			d.retry(ctx, msg, ev, s)
			return
		}
		o.condition = conditionRetriesExhausted
	}
	d.finish(ctx, msg, ev, s, o)
}

// retry queues the next attempt after AWS's backoff and acknowledges this
// one. An event that would outlive its maximum age before then comes back
// when it expires.
func (d *Dispatcher) retry(ctx context.Context, msg jetstream.Msg, ev Event, s settings) {
	next := time.Now().Add(time.Duration(ev.Attempts) * d.cfg.RetryBase)
	ev.NotBefore = minTime(next, ev.Accepted.Add(s.maxAge+time.Millisecond))
	if err := d.queue.Enqueue(ctx, ev); err != nil {
		d.retryLater(msg, ev, err)
		return
	}
	d.ack(ctx, msg)
}

// retryLater hands the event back to the queue without counting an attempt.
func (d *Dispatcher) retryLater(msg jetstream.Msg, ev Event, cause error) {
	n := uint64(1)
	if meta, err := msg.Metadata(); err == nil {
		n = meta.NumDelivered
	}
	delay := min(time.Duration(1<<min(n, 5))*100*time.Millisecond, 2*time.Second)
	d.log.Debug("event postponed", "function", ev.Function, "request_id", ev.RequestID, "cause", cause, "delay", delay)
	_ = msg.NakWithDelay(delay)
}

// finish sends the destination record, if a destination is configured for
// the outcome, and acknowledges the event.
func (d *Dispatcher) finish(ctx context.Context, msg jetstream.Msg, ev Event, s settings, o outcome) {
	dest := s.onFailure
	if o.condition == conditionSuccess {
		dest = s.onSuccess
	}
	if dest != "" {
		trace := ev.TraceID
		if o.result != nil && o.result.TraceHeader != "" {
			trace = o.result.TraceHeader
		}
		if err := d.deliver(ctx, dest, trace, d.record(ev, o)); err != nil {
			d.log.Error("destination delivery failed; will try again", "destination", dest, "request_id", ev.RequestID, "err", err)
			_ = msg.NakWithDelay(time.Second)
			return
		}
		d.cfg.Observer.DestinationDelivered(ev.Function, o.condition)
	}
	d.ack(ctx, msg)
}

// ack marks an event processed once the logs of its attempt are stored, so
// that a crash never loses the log of an event it will not run again.
func (d *Dispatcher) ack(ctx context.Context, msg jetstream.Msg) {
	fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	d.logs.Flush(fctx)
	cancel()
	_ = msg.Ack()
}

// keepInProgress tells the queue, while a function runs, that the event is
// still being worked on.
func keepInProgress(msg jetstream.Msg) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(ackWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	}()
	return func() { close(done) }
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
