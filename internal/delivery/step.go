package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// job is one delivery taken off the queue, with the parts that handle it.
type job struct {
	msg      jetstream.Msg
	d        Delivery
	target   Target
	producer Producer
	policy   Policy
}

// handle takes one message to its next step.
func (d *Dispatcher) handle(msg jetstream.Msg) {
	j := &job{msg: msg}
	if err := json.Unmarshal(msg.Data(), &j.d); err != nil {
		d.log.Error("undecodable delivery dropped", "subject", msg.Subject(), "err", err)
		_ = msg.Term()
		return
	}
	if wait := time.Until(j.d.NotBefore); wait > 0 {
		_ = msg.NakWithDelay(wait)
		return
	}
	var ok bool
	if j.target, j.producer, ok = d.route(j.d); !ok {
		d.log.Error("no target or producer registered for a delivery; it waits", "id", j.d.ID,
			"producer", j.d.Producer, "kind", j.d.Target.Kind)
		_ = msg.NakWithDelay(time.Minute)
		return
	}
	ctx := context.Background()
	policy, err := j.producer.Policy(ctx, j.d)
	if err != nil {
		d.postpone(j, err)
		return
	}
	j.policy = policy
	if policy.expired(j.d, time.Now()) {
		d.end(ctx, j, Outcome{End: Expired})
		return
	}
	d.attempt(ctx, j)
}

func (d *Dispatcher) route(dl Delivery) (Target, Producer, bool) {
	t, okT := d.routes.Targets[dl.Target.Kind]
	p, okP := d.routes.Producers[dl.Producer]
	return t, p, okT && okP
}

// attempt makes one attempt and decides what follows from its error.
func (d *Dispatcher) attempt(ctx context.Context, j *job) {
	stop := keepInProgress(j.msg)
	reply, err := j.target.Deliver(ctx, j.d)
	stop()
	switch {
	case d.closing():
		_ = j.msg.Nak() // cut short by shutdown: it runs again after a restart
	case errors.Is(err, ErrThrottled):
		d.postpone(j, err)
	case errors.Is(err, ErrGone):
		d.end(ctx, j, Outcome{End: Dropped, Err: err})
	case errors.Is(err, ErrPermanent):
		d.end(ctx, j, Outcome{End: Refused, Err: err})
	default:
		j.d.Attempts++
		d.after(ctx, j, Outcome{End: Delivered, Err: err, Reply: &reply})
	}
}

// after handles an attempt the target took: success, a retry, or failure.
func (d *Dispatcher) after(ctx context.Context, j *job, o Outcome) {
	if o.Err != nil {
		if !j.policy.exhausted(j.d.Attempts) {
			d.retry(ctx, j)
			return
		}
		o.End = Exhausted
	}
	d.end(ctx, j, o)
}

// retry stores the next attempt, due after the policy's backoff, and
// acknowledges this one.
func (d *Dispatcher) retry(ctx context.Context, j *job) {
	next := j.d
	next.NotBefore = j.policy.next(j.d, time.Now())
	if err := d.queue.Enqueue(ctx, next); err != nil {
		d.postpone(j, err)
		return
	}
	_ = j.msg.Ack()
}

// postpone hands the delivery back to the queue without counting an
// attempt, for a delay that grows with its redeliveries, up to 2 s.
func (d *Dispatcher) postpone(j *job, cause error) {
	n := uint64(1)
	if meta, err := j.msg.Metadata(); err == nil {
		n = meta.NumDelivered
	}
	delay := min(time.Duration(1<<min(n, 5))*100*time.Millisecond, 2*time.Second)
	d.log.Debug("delivery postponed", "id", j.d.ID, "target", j.d.Target.Name, "cause", cause, "delay", delay)
	_ = j.msg.NakWithDelay(delay)
}

// end lets the producer finish the delivery and acknowledges it.
func (d *Dispatcher) end(ctx context.Context, j *job, o Outcome) {
	if err := j.producer.Finish(ctx, j.d, o); err != nil {
		d.log.Error("finishing a delivery failed; will try again", "id", j.d.ID, "target", j.d.Target.Name, "err", err)
		_ = j.msg.NakWithDelay(time.Second)
		return
	}
	_ = j.msg.Ack()
}

// keepInProgress tells the queue, while an attempt runs, that the message
// is still being worked on.
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
