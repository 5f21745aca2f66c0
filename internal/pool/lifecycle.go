package pool

import (
	"context"
	"strings"
	"time"
)

// Start begins reaping idle environments.
func (p *Pool) Start(ctx context.Context) {
	interval := p.cfg.IdleTimeout / 10
	if interval < time.Second {
		interval = time.Second
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.reap(time.Now().Add(-p.cfg.IdleTimeout))
			}
		}
	}()
}

// reap destroys environments idle since before cutoff, and those whose
// credentials are running out (provisioned ones are then replaced).
func (p *Pool) reap(cutoff time.Time) {
	var old []*Env
	now := time.Now()
	p.mu.Lock()
	for key, list := range p.idle {
		kept := list[:0]
		for _, e := range list {
			if e.target == nil && e.lastUsed.Before(cutoff) || e.expiring(now) {
				old = append(old, e)
			} else {
				kept = append(kept, e)
			}
		}
		p.idle[key] = kept
	}
	p.mu.Unlock()
	for _, e := range old {
		p.destroy(e)
	}
}

// Close destroys every environment; busy ones are destroyed as their
// invocations end, starting ones when their start ends.
func (p *Pool) Close(ctx context.Context) {
	close(p.stop)
	p.wg.Wait()
	p.mu.Lock()
	p.closed = true
	var envs []*Env
	for e := range p.all {
		if e.started {
			envs = append(envs, e)
		}
	}
	p.idle = map[string][]*Env{}
	p.mu.Unlock()
	for _, e := range envs {
		p.destroy(e)
	}
	if p.endpoint != nil {
		_ = p.endpoint.Close()
	}
}

// Retire destroys the environments of a function version whose code or
// configuration changed (every version when version is ""): idle ones now,
// busy ones when their invocation ends.
func (p *Pool) Retire(function, version string) {
	var old []*Env
	p.mu.Lock()
	for slot, key := range p.current {
		name, v, _ := strings.Cut(slot, ":")
		if name != function || version != "" && v != version {
			continue
		}
		delete(p.current, slot)
		old = append(old, p.idle[key]...)
		delete(p.idle, key)
	}
	p.mu.Unlock()
	for _, e := range old {
		p.destroy(e)
	}
}
