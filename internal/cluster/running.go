package cluster

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/virga-dev/virga/internal/concurrency"
)

const (
	runningSubject = "virga.cluster.running"
	// runningEvery is how often a member tells what it runs; a member not
	// heard of for runningStale runs nothing as far as admission knows.
	runningEvery = 100 * time.Millisecond
	runningStale = time.Second
)

// Running tells the other members, over plain NATS every 100 ms, what
// invocations this server runs, and sums what they told for admission
// (concurrency.Peers).
type Running struct {
	nc    *nats.Conn
	node  string
	local func() concurrency.Counts

	mu    sync.Mutex
	peers map[string]heard

	sub    *nats.Subscription
	cancel context.CancelFunc
	done   chan struct{}
}

type heard struct {
	counts concurrency.Counts
	at     time.Time
}

// runningMsg is one member's counts.
type runningMsg struct {
	Node string `json:"node"`
	concurrency.Counts
}

// NewRunning shares local's counts as node's.
func NewRunning(nc *nats.Conn, node string, local func() concurrency.Counts) *Running {
	return &Running{nc: nc, node: node, local: local, peers: map[string]heard{}}
}

// Start listens to the others and begins telling them.
func (r *Running) Start(ctx context.Context) error {
	sub, err := r.nc.Subscribe(runningSubject, r.receive)
	if err != nil {
		return err
	}
	r.sub = sub
	ctx, r.cancel = context.WithCancel(context.WithoutCancel(ctx))
	r.done = make(chan struct{})
	go r.tell(ctx)
	return nil
}

// Close stops telling and listening, telling the others last that this
// server runs nothing, so that they need not wait for its counts to age.
func (r *Running) Close() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	<-r.done
	_ = r.sub.Unsubscribe()
	if data, err := json.Marshal(runningMsg{Node: r.node}); err == nil {
		_ = r.nc.Publish(runningSubject, data)
		_ = r.nc.FlushTimeout(time.Second)
	}
}

// tell publishes this server's counts while it runs anything, and once
// more when it stopped.
func (r *Running) tell(ctx context.Context) {
	defer close(r.done)
	wasIdle := true
	every(ctx, runningEvery, func() {
		c := r.local()
		idle := c.Shared == 0 && len(c.ByFunction) == 0
		if idle && wasIdle {
			return
		}
		wasIdle = idle
		if data, err := json.Marshal(runningMsg{Node: r.node, Counts: c}); err == nil {
			_ = r.nc.Publish(runningSubject, data)
		}
	})
}

func (r *Running) receive(m *nats.Msg) {
	var msg runningMsg
	if json.Unmarshal(m.Data, &msg) != nil || msg.Node == r.node {
		return
	}
	r.mu.Lock()
	r.peers[msg.Node] = heard{counts: msg.Counts, at: time.Now()}
	r.mu.Unlock()
}

// Running sums what the other members run: invocations of functions
// without a reservation, and of function.
func (r *Running) Running(function string) (shared, ofFunction int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	stale := time.Now().Add(-runningStale)
	for node, h := range r.peers {
		if h.at.Before(stale) {
			delete(r.peers, node)
			continue
		}
		shared += h.counts.Shared
		ofFunction += h.counts.ByFunction[function]
	}
	return shared, ofFunction
}
