package pool

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// target is a provisioned concurrency configuration being kept: n
// environments of fn, initialized ahead of traffic.
type target struct {
	fn     Function
	n      int // guarded by Pool.mu
	report func(ready int, err error)
	envs   map[*Env]struct{} // guarded by Pool.mu
	done   chan struct{}     // closed when the target is dropped or replaced
	wake   chan struct{}     // an environment of the target went away
}

// Provision keeps n initialized environments of fn under key, replacing any
// earlier target of that key. report learns how many are ready, or why
// they could not be made.
func (p *Pool) Provision(key string, fn Function, n int, report func(ready int, err error)) {
	t := &target{fn: fn, n: n, report: report, envs: map[*Env]struct{}{}, done: make(chan struct{}), wake: make(chan struct{}, 1)}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	old := p.targets[key]
	p.targets[key] = t
	p.wg.Add(1)
	p.mu.Unlock()
	if old != nil {
		p.dropTarget(old)
	}
	go p.keep(t)
}

// Unprovision stops keeping the target of key and destroys its idle
// environments; busy ones finish their invocation first.
func (p *Pool) Unprovision(key string) {
	p.mu.Lock()
	t := p.targets[key]
	delete(p.targets, key)
	p.mu.Unlock()
	if t != nil {
		p.dropTarget(t)
	}
}

func (p *Pool) dropTarget(t *target) {
	close(t.done)
	var idle []*Env
	p.mu.Lock()
	for e := range t.envs {
		e.target = nil
		if p.removeIdle(e) {
			idle = append(idle, e)
		}
	}
	t.envs = map[*Env]struct{}{}
	p.mu.Unlock()
	for _, e := range idle {
		p.destroy(e)
	}
}

// keep fills the target, then refills it whenever one of its environments
// goes away, until the target is dropped or the pool closes.
func (p *Pool) keep(t *target) {
	defer p.wg.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-t.done:
		case <-p.stop:
		}
		cancel()
	}()
	retry, reported := time.Second, -1
	for {
		var wait <-chan time.Time
		if missing := p.missing(t); missing > 0 {
			err := p.fill(ctx, t, missing)
			if ctx.Err() != nil {
				return
			}
			reported = p.count(t)
			t.report(reported, err)
			if err != nil {
				wait = time.After(retry)
				retry = min(2*retry, 30*time.Second)
			} else {
				retry = time.Second
			}
		} else if n := p.count(t); n != reported { // resized smaller
			reported = n
			t.report(n, nil)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.wake:
		case <-wait:
		}
	}
}

func (p *Pool) missing(t *target) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return t.n - len(t.envs)
}

func (p *Pool) count(t *target) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(t.envs)
}

// fill starts missing environments of t in parallel.
func (p *Pool) fill(ctx context.Context, t *target, missing int) error {
	var wg sync.WaitGroup
	errs := make(chan error, missing)
	for range missing {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.startProvisioned(ctx, t); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// startProvisioned makes one initialized environment of t and offers it.
func (p *Pool) startProvisioned(ctx context.Context, t *target) error {
	initType := t.fn.InitType
	if initType == "" {
		initType = "provisioned-concurrency"
	}
	env, err := p.start(ctx, t.fn, initType)
	if err != nil {
		return err
	}
	if f := env.initFailure; f != nil {
		p.destroy(env)
		return fmt.Errorf("FUNCTION_ERROR_INIT_FAILURE: %s: %s", f.errorType, f.payload)
	}
	env.invoked = true // init is not part of any invocation's REPORT
	env.lastUsed = time.Now()
	p.mu.Lock()
	unwanted := len(t.envs) >= t.n // resized smaller meanwhile
	select {
	case <-t.done:
		unwanted = true
	default:
	}
	if unwanted {
		p.mu.Unlock()
		p.destroy(env)
		return nil
	}
	env.target = t
	t.envs[env] = struct{}{}
	p.current[env.slot] = env.key
	p.idle[env.key] = append(p.idle[env.key], env)
	p.mu.Unlock()
	return nil
}

// removeIdle takes e off its idle list, reporting whether it was idle.
// p.mu must be held.
func (p *Pool) removeIdle(e *Env) bool {
	list := p.idle[e.key]
	for i, x := range list {
		if x == e {
			p.idle[e.key] = append(list[:i], list[i+1:]...)
			return true
		}
	}
	return false
}

// forget drops a destroyed environment from its target, which then
// refills. p.mu must be held.
func (p *Pool) forget(e *Env) {
	t := e.target
	if t == nil {
		return
	}
	e.target = nil
	delete(t.envs, e)
	wake(t)
}

// wake tells t's keeper to look at it again.
func wake(t *target) {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}
