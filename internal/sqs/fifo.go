package sqs

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// groupState is a FIFO message group's record: the messages in flight, until
// when, and how often each message still in the group was received. While
// it has messages in flight, the group's later messages wait.
type groupState struct {
	InFlight []uint64         `json:"f,omitempty"`
	Until    int64            `json:"u,omitempty"` // Unix ms
	Counts   map[uint64]int   `json:"c,omitempty"`
	First    map[uint64]int64 `json:"r,omitempty"` // first receive, Unix ms
}

func (g *groupState) locked(now time.Time) bool {
	return len(g.InFlight) > 0 && now.UnixMilli() < g.Until
}

func groupKey(queueID, token string) string { return queueID + "." + token }

// receiveFIFO takes messages from groups with none in flight, the oldest of
// each group first, waiting up to in.Wait for some.
func (q *Queues) receiveFIFO(ctx context.Context, rec *queue, in ReceiveInput) ([]Message, error) {
	deadline := time.Now().Add(in.Wait)
	var wake chan struct{}
	for {
		out, err := q.takeFIFO(ctx, rec, in)
		if err != nil || len(out) > 0 || time.Until(deadline) <= 0 {
			return out, err
		}
		if wake == nil {
			var stop func()
			wake, stop = q.notify("sqs." + rec.ID + ".g.>")
			defer stop()
		}
		select {
		case <-ctx.Done():
			return nil, nil
		case <-wake:
		case <-time.After(min(time.Until(deadline), 500*time.Millisecond)):
		}
	}
}

// notify signals on the returned channel whenever a message is published
// to subject, from any server; it is how a long poll on a FIFO queue
// learns of new messages without asking the store again and again.
func (q *Queues) notify(subject string) (chan struct{}, func()) {
	wake := make(chan struct{}, 1)
	sub, err := q.js.Conn().Subscribe(subject, func(*nats.Msg) {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	if err != nil {
		return wake, func() {}
	}
	return wake, func() { _ = sub.Unsubscribe() }
}

func (q *Queues) takeFIFO(ctx context.Context, rec *queue, in ReceiveInput) ([]Message, error) {
	h, err := q.handlesOf(ctx, rec)
	if err != nil {
		return nil, err
	}
	prefix := "sqs." + rec.ID + ".g."
	info, err := h.stream.Info(ctx, jetstream.WithSubjectFilter(prefix+">"))
	if err != nil {
		return nil, fmt.Errorf("read queue %s: %w", rec.Name, err)
	}
	subjects := make([]string, 0, len(info.State.Subjects))
	for s := range info.State.Subjects {
		subjects = append(subjects, s)
	}
	rand.Shuffle(len(subjects), func(i, j int) { subjects[i], subjects[j] = subjects[j], subjects[i] })
	var out []Message
	for _, s := range subjects {
		if len(out) >= in.Max {
			break
		}
		msgs, err := q.takeGroup(ctx, rec, h.stream, strings.TrimPrefix(s, prefix), in.Max-len(out), in)
		if err != nil {
			return out, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

// takeGroup takes up to n messages from the head of one group, unless the
// group has messages in flight.
func (q *Queues) takeGroup(ctx context.Context, rec *queue, s jetstream.Stream, token string, n int, in ReceiveInput) ([]Message, error) {
	now := time.Now()
	var picked, moved []*jetstream.RawStreamMsg
	var envs []envelope
	state, err := store.Modify(ctx, q.groups, groupKey(rec.ID, token), func(g *groupState, _ bool) error {
		picked, moved, envs = nil, nil, nil
		if g.locked(now) {
			return store.Keep
		}
		head, heads, err := groupHead(ctx, s, "sqs."+rec.ID+".g."+token, n, now)
		if err != nil {
			return err
		}
		if len(head) == 0 {
			return store.Keep
		}
		g.prune(head[0].Sequence)
		limit, redrives := rec.redrive()
		g.InFlight = nil
		for i, m := range head {
			count := g.Counts[m.Sequence] + 1
			if redrives && count > limit.MaxReceiveCount {
				moved = append(moved, m)
				continue
			}
			g.Counts[m.Sequence] = count
			if g.First[m.Sequence] == 0 {
				g.First[m.Sequence] = now.UnixMilli()
			}
			g.InFlight = append(g.InFlight, m.Sequence)
			picked, envs = append(picked, m), append(envs, heads[i])
		}
		g.Until = now.Add(in.Visibility).UnixMilli()
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, m := range moved {
		q.moveFIFO(ctx, rec, s, m)
	}
	out := make([]Message, len(picked))
	for i, m := range picked {
		h := handle{queueID: rec.ID, group: token, seq: m.Sequence}
		out[i] = received(rec, &envs[i], m.Sequence, h, state.Counts[m.Sequence], time.UnixMilli(state.First[m.Sequence]), in)
	}
	return out, nil
}

// prune forgets the counts of messages before the group's head, which are
// gone.
func (g *groupState) prune(head uint64) {
	if g.Counts == nil {
		g.Counts, g.First = map[uint64]int{}, map[uint64]int64{}
	}
	if g.First == nil {
		g.First = map[uint64]int64{}
	}
	for seq := range g.Counts {
		if seq < head {
			delete(g.Counts, seq)
			delete(g.First, seq)
		}
	}
}

// groupHead reads up to n messages of a group in order, stopping at one
// still delayed.
func groupHead(ctx context.Context, s jetstream.Stream, subject string, n int, now time.Time) ([]*jetstream.RawStreamMsg, []envelope, error) {
	var msgs []*jetstream.RawStreamMsg
	var envs []envelope
	for seq := uint64(1); len(msgs) < n; {
		m, err := s.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(subject))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read message group: %w", err)
		}
		env, err := decodeEnvelope(m.Data)
		if err != nil {
			return nil, nil, err
		}
		if env.VisibleAt > now.UnixMilli() {
			break
		}
		msgs, envs = append(msgs, m), append(envs, env)
		seq = m.Sequence + 1
	}
	return msgs, envs, nil
}

// moveFIFO moves a message received too often to the dead-letter queue.
func (q *Queues) moveFIFO(ctx context.Context, rec *queue, s jetstream.Stream, m *jetstream.RawStreamMsg) {
	env, err := decodeEnvelope(m.Data)
	if err != nil {
		return
	}
	if q.deadLetter(ctx, rec, &env, m.Sequence) {
		_ = s.DeleteMsg(ctx, m.Sequence)
	}
}

func (q *Queues) deleteFIFO(ctx context.Context, rec *queue, h handle) error {
	st, err := q.handlesOf(ctx, rec)
	if err != nil {
		return err
	}
	if err := st.stream.DeleteMsg(ctx, h.seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return fmt.Errorf("delete message: %w", err)
	}
	_, err = store.Modify(ctx, q.groups, groupKey(rec.ID, h.group), func(g *groupState, exists bool) error {
		if !exists {
			return store.Keep
		}
		g.InFlight = slices.DeleteFunc(g.InFlight, func(s uint64) bool { return s == h.seq })
		delete(g.Counts, h.seq)
		delete(g.First, h.seq)
		if len(g.InFlight) == 0 && len(g.Counts) == 0 {
			return store.Remove
		}
		return nil
	})
	return err
}

func (q *Queues) changeVisibilityFIFO(ctx context.Context, rec *queue, h handle, timeout time.Duration) error {
	now := time.Now()
	_, err := store.Modify(ctx, q.groups, groupKey(rec.ID, h.group), func(g *groupState, exists bool) error {
		if !exists || !g.locked(now) || !slices.Contains(g.InFlight, h.seq) {
			return notInFlight(h)
		}
		g.Until = now.Add(timeout).UnixMilli()
		return nil
	})
	return err
}

func notInFlight(h handle) error {
	return aws.Errorf(ErrMessageNotInflight, "Value %s for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.", h)
}

// forgetGroups deletes the group records of a queue.
func (q *Queues) forgetGroups(ctx context.Context, queueID string) error {
	keys, err := q.groups.KeysWithPrefix(ctx, queueID+".")
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := q.groups.Delete(ctx, k, 0); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}

// inFlightFIFO counts a FIFO queue's messages in flight.
func (q *Queues) inFlightFIFO(ctx context.Context, queueID string) (int, error) {
	keys, err := q.groups.KeysWithPrefix(ctx, queueID+".")
	if err != nil {
		return 0, err
	}
	now, n := time.Now(), 0
	for _, k := range keys {
		e, err := q.groups.Get(ctx, k)
		if err != nil {
			continue
		}
		var g groupState
		if jsonUnmarshal(e.Value, &g) == nil && g.locked(now) {
			n += len(g.InFlight)
		}
	}
	return n, nil
}
