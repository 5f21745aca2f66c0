package workflow

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/statemachine"
)

// parallel is one try of a Parallel state: every branch on the same
// input, their outputs in branch order. A failing branch stops the
// others and fails the state with its error.
func (v *visit) parallel(ctx context.Context, key string) (any, time.Time, error) {
	in, err := v.sc.effective(v.s, v.template())
	if err != nil {
		return nil, time.Time{}, err
	}
	started, _, err := v.th.emit(ctx, key+"/started", "ParallelStateStarted", map[string]any{})
	if err != nil {
		return nil, time.Time{}, err
	}
	g := newGroup(ctx, v.th, started.ID)
	for i, b := range v.s.Branches {
		g.start(i, func(ctx context.Context) (any, error) {
			child := v.child(b, fmt.Sprintf("%s/b%d.", key, i), started.ID, nil)
			out, err := child.definition(ctx, in)
			g.ended(child.last)
			return out, err
		})
	}
	results, f, err := g.wait()
	return v.ended(ctx, key, "Parallel", results, f, err)
}

// template is the state's Parameters (JSONata: Arguments).
func (v *visit) template() statemachine.Value {
	if v.sc.jsonata(v.s) {
		return v.s.Arguments
	}
	return v.s.Parameters
}

// child is a thread inside this state: a branch or an iteration, with
// its own scope of variables that starts from the state's.
func (v *visit) child(def *statemachine.Definition, prefix string, last int64, item map[string]any) *thread {
	return &thread{run: v.th.run, def: def, prefix: prefix, last: last, vars: maps.Clone(v.sc.vars), item: item}
}

// ended records how a Parallel or Map try ended.
func (v *visit) ended(ctx context.Context, key, kind string, results []any, f *Failure, err error) (any, time.Time, error) {
	if err != nil {
		return nil, time.Time{}, err
	}
	if f != nil {
		e, _, err := v.th.emit(ctx, key+"/end", kind+"StateFailed", map[string]any{"error": f.Error, "cause": f.Cause})
		if err != nil {
			return nil, time.Time{}, err
		}
		name, _ := e.Details["error"].(string)
		cause, _ := e.Details["cause"].(string)
		return nil, e.Time, failed{&Failure{Error: name, Cause: cause}}
	}
	e, _, err := v.th.emit(ctx, key+"/end", kind+"StateSucceeded", map[string]any{})
	return results, e.Time, err
}

// group runs the branches or iterations of a state at once and collects
// their results. The first failure that is not tolerated stops the rest.
type group struct {
	outer    context.Context
	ctx      context.Context
	cancel   context.CancelFunc
	parent   *thread
	wg       sync.WaitGroup
	mu       sync.Mutex
	results  []any
	failures int
	first    *Failure
	err      error
	last     int64
	limit    chan struct{}           // nil: no limit
	tolerate func(failures int) bool // nil: none
}

func newGroup(ctx context.Context, parent *thread, last int64) *group {
	inner, cancel := context.WithCancel(ctx)
	return &group{outer: ctx, ctx: inner, cancel: cancel, parent: parent, last: last}
}

// start runs the i-th member.
func (g *group) start(i int, member func(ctx context.Context) (any, error)) {
	g.mu.Lock()
	for len(g.results) <= i {
		g.results = append(g.results, nil)
	}
	g.mu.Unlock()
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if g.limit != nil {
			select {
			case g.limit <- struct{}{}:
				defer func() { <-g.limit }()
			case <-g.ctx.Done():
				return
			}
		}
		if g.ctx.Err() != nil {
			return
		}
		out, err := member(g.ctx)
		g.done(i, out, err)
	}()
}

// done keeps a member's result, failure or error.
func (g *group) done(i int, out any, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err == nil {
		g.results[i] = out
		return
	}
	f, ok := asFailure(err)
	if !ok {
		if g.err == nil && g.ctx.Err() == nil {
			g.err = err
			g.cancel()
		}
		return
	}
	g.failures++
	g.results[i] = map[string]any{"Error": f.Error, "Cause": f.Cause}
	if g.first == nil && (g.tolerate == nil || !g.tolerate(g.failures)) {
		g.first = f
		g.cancel()
	}
}

// ended notes the last event of a member.
func (g *group) ended(last int64) {
	g.mu.Lock()
	g.last = max(g.last, last)
	g.mu.Unlock()
}

// wait waits for every member; f is the failure that ended the group.
func (g *group) wait() ([]any, *Failure, error) {
	g.wg.Wait()
	g.cancel()
	g.parent.last = max(g.parent.last, g.last)
	if err := g.outer.Err(); err != nil {
		return nil, nil, err
	}
	if g.err != nil {
		return nil, nil, g.err
	}
	return g.results, g.first, nil
}
