package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/virga-dev/virga/internal/asl"
)

// mapState is one try of an inline Map state: its item processor on each
// item, at most MaxConcurrency at once, the outputs in item order.
func (v *visit) mapState(ctx context.Context, key string) (any, time.Time, error) {
	in, items, err := v.items()
	if err != nil {
		return nil, time.Time{}, err
	}
	g := newGroup(ctx, v.th, 0)
	if err := v.limits(g, len(items)); err != nil {
		return nil, time.Time{}, err
	}
	started, _, err := v.th.emit(ctx, key+"/started", "MapStateStarted", map[string]any{"length": len(items)})
	if err != nil {
		return nil, time.Time{}, err
	}
	g.last = started.ID
	for i, item := range items {
		g.start(i, func(ctx context.Context) (any, error) { return v.iteration(ctx, g, key, i, item, in) })
	}
	results, f, err := g.wait()
	return v.ended(ctx, key, "Map", results, f, err)
}

// items are the state's effective input and the array it maps over.
func (v *visit) items() (any, []any, error) {
	var in, list any
	var err error
	if v.sc.jsonata(v.s) {
		in, list = v.sc.input, v.sc.input
		if v.s.Items.Set {
			list, err = asl.Eval(v.s.Items.V, v.sc.states(nil, false, nil), v.sc.vars)
		}
	} else if in, err = v.sc.inputPath(v.s); err == nil {
		list, err = asl.Path(v.s.ItemsPath.Or("$").Value, in, v.sc.context)
	}
	if err != nil {
		return nil, nil, err
	}
	items, ok := list.([]any)
	if !ok {
		return nil, nil, runtime("Item processing failed: the value of 'ItemsPath' is not an array: %s", Encode(list))
	}
	return in, items, nil
}

// limits sets the group's concurrency and the failures it tolerates.
func (v *visit) limits(g *group, n int) error {
	limit, err := v.field(v.s.MaxConcurrency, v.s.MaxConcurrencyPath)
	if err != nil {
		return err
	}
	if c := whole(limit); c > 0 {
		g.limit = make(chan struct{}, c)
	}
	count, err := v.field(v.s.ToleratedFailureCount, v.s.ToleratedFailureCountPath)
	if err != nil {
		return err
	}
	pct, err := v.field(v.s.ToleratedFailurePercentage, v.s.ToleratedFailurePercentagePath)
	if err != nil {
		return err
	}
	if count == nil && pct == nil {
		return nil
	}
	maxCount, maxPct := math.MaxInt, 100.0
	if count != nil {
		maxCount = whole(count)
	}
	if pct != nil {
		maxPct = number(pct)
	}
	g.tolerate = func(failures int) bool {
		return failures <= maxCount && float64(failures)*100 <= maxPct*float64(n)
	}
	return nil
}

// whole reads a whole number (an int from the definition, a JSON number
// from a path).
func whole(x any) int { return int(number(x)) }

// number reads a number (an int from the definition, a JSON number from
// a path).
func number(x any) float64 {
	switch n := x.(type) {
	case int:
		return float64(n)
	case json.Number:
		f, _ := n.Float64()
		return f
	}
	return 0
}

// iteration runs the item processor on item i.
func (v *visit) iteration(ctx context.Context, g *group, key string, i int, item, in any) (any, error) {
	ident := map[string]any{"name": v.s.Name, "index": i}
	mapItem := map[string]any{"Index": i, "Value": item}
	child := v.child(v.s.Processor, fmt.Sprintf("%s/m%d.", key, i), v.th.run.rec.latest(), mapItem)
	if _, _, err := child.emit(ctx, child.prefix+"start", "MapIterationStarted", ident); err != nil {
		return nil, err
	}
	input, err := v.itemInput(item, mapItem, in)
	var out any
	if err == nil {
		out, err = child.definition(ctx, input)
	}
	typ := "MapIterationSucceeded"
	if _, isFailure := asFailure(err); isFailure {
		typ = "MapIterationFailed"
	} else if err != nil {
		return nil, err
	}
	if _, _, werr := child.emit(ctx, child.prefix+"end", typ, ident); werr != nil {
		return nil, werr
	}
	g.ended(child.last)
	return out, err
}

// itemInput is what an iteration starts with: the ItemSelector's payload
// (which sees $$.Map.Item), else the item.
func (v *visit) itemInput(item any, mapItem map[string]any, in any) (any, error) {
	if !v.s.ItemSelector.Set {
		return item, nil
	}
	ctx := make(map[string]any, len(v.sc.context)+1)
	for k, x := range v.sc.context {
		ctx[k] = x
	}
	ctx["Map"] = map[string]any{"Item": mapItem}
	if v.sc.jsonata(v.s) {
		st := v.sc.states(nil, false, nil)
		st["context"] = ctx
		return asl.Eval(v.s.ItemSelector.V, st, v.sc.vars)
	}
	return asl.Payload(v.s.ItemSelector.V, in, ctx, v.sc.vars)
}
