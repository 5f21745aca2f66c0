package esm

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
)

// run is one mapping's poller loop on this server: it polls while the
// server holds the mapping's lease, with the mapping's latest settings.
type run struct {
	p      *Pollers
	uuid   string
	target atomic.Pointer[target]
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	result string // the LastProcessingResult last stored
}

// target is a mapping's settings as the pollers use them.
type target struct {
	m       mapping
	filters []Matcher
	// criteria is the filter criteria the filters were compiled from.
	criteria string
}

func newRun(p *Pollers, m mapping) (*run, error) {
	t, err := p.compileTarget(m, nil)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(p.ctx)
	r := &run{p: p, uuid: m.Config.UUID, ctx: ctx, cancel: cancel, done: make(chan struct{}), result: m.Config.LastProcessingResult}
	r.target.Store(t)
	return r, nil
}

// compileTarget compiles m's filters, unless they are those of old.
func (p *Pollers) compileTarget(m mapping, old *target) (*target, error) {
	criteria, _ := json.Marshal(m.Config.FilterCriteria)
	t := &target{m: m, criteria: string(criteria)}
	if old != nil && old.criteria == t.criteria {
		t.filters = old.filters
		return t, nil
	}
	filters, err := compileFilters(p.compile, m.Config.FilterCriteria)
	t.filters = filters
	return t, err
}

// update hands the run a mapping's new settings.
func (r *run) update(m mapping) {
	t, err := r.p.compileTarget(m, r.target.Load())
	if err != nil {
		r.p.log.Error("keep the old filters of an event source mapping", "uuid", r.uuid, "err", err)
		return
	}
	r.target.Store(t)
}

func (r *run) stopped() bool { return r.ctx.Err() != nil }

// loop polls while the lease is held: a crew of pollers that grows while
// batches come back full.
func (r *run) loop(ctx context.Context) {
	r.p.log.Info("polling event source mapping", "uuid", r.uuid, "queue", r.target.Load().m.Config.EventSourceArn)
	c := newCrew(r)
	c.run(ctx)
}

// report stores the mapping's LastProcessingResult when it changed.
func (r *run) report(result string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if result == r.result {
		return
	}
	r.result = result
	_, err := modifyExisting(r.p.work, r.p.bucket, r.uuid, func(m *mapping) { m.Config.LastProcessingResult = result })
	if err != nil && r.p.work.Err() == nil {
		r.p.log.Warn("store the processing result of an event source mapping", "uuid", r.uuid, "err", err)
	}
}
