package workflow

import (
	"context"
	"fmt"

	"github.com/virga-dev/virga/internal/asl"
	"github.com/virga-dev/virga/internal/statemachine"
)

// visit is one state's execution in a thread.
type visit struct {
	th      *thread
	s       *statemachine.State
	key     string
	sc      scope
	entered Event
	next    string         // where the thread goes on: Next, a Choice's or a catcher's
	vars    map[string]any // the variables after the state
	caught  bool           // a catcher took the state's failure: it goes on to the catcher's Next
}

// work does what the state's type does and returns its output.
func (v *visit) work(ctx context.Context) (any, error) {
	v.vars = v.sc.vars
	switch v.s.Type {
	case statemachine.TypePass:
		return v.pass()
	case statemachine.TypeChoice:
		return v.choice()
	case statemachine.TypeWait:
		return v.wait(ctx)
	case statemachine.TypeSucceed:
		return v.succeed()
	case statemachine.TypeFail:
		return nil, v.fail()
	case statemachine.TypeTask:
		return v.retrying(ctx, v.task)
	case statemachine.TypeParallel:
		return v.retrying(ctx, v.parallel)
	case statemachine.TypeMap:
		return v.retrying(ctx, v.mapState)
	}
	return nil, fmt.Errorf("unknown state type %q", v.s.Type)
}

// complete is a state's output from its result, and its variables after.
func (v *visit) complete(result any) (any, error) {
	vars, err := v.sc.assign(v.s, v.s.Assign, result, true, nil)
	if err != nil {
		return nil, err
	}
	v.vars = vars
	return v.sc.output(v.s, result)
}

// pass outputs its Result, else its effective input.
func (v *visit) pass() (any, error) {
	if v.s.Result.Set {
		if _, err := v.sc.inputPath(v.s); err != nil {
			return nil, err
		}
		return v.complete(v.s.Result.V)
	}
	in, err := v.sc.effective(v.s, v.s.Parameters)
	if err != nil {
		return nil, err
	}
	if v.sc.jsonata(v.s) && !v.s.Output.Set {
		return v.complete(v.sc.input)
	}
	return v.complete(in)
}

// succeed outputs its input through InputPath and OutputPath.
func (v *visit) succeed() (any, error) {
	if v.sc.jsonata(v.s) {
		return v.complete(v.sc.input)
	}
	in, err := v.sc.inputPath(v.s)
	if err != nil {
		return nil, err
	}
	return v.sc.place(v.s, statemachine.Path{Set: true, Null: true}, in)
}

// choice picks the first rule that holds, else Default.
func (v *visit) choice() (any, error) {
	in, err := v.sc.inputPath(v.s)
	if v.sc.jsonata(v.s) {
		in, err = v.sc.input, nil
	}
	if err != nil {
		return nil, err
	}
	for _, rule := range v.s.Choices {
		ok, err := v.holds(rule, in)
		if err != nil {
			return nil, err
		}
		if ok {
			v.next, _ = rule["Next"].(string)
			return v.chosen(rule, in)
		}
	}
	if v.s.Default == "" {
		return nil, failed{&Failure{Error: "States.NoChoiceMatched", Cause: "No Matches!"}}
	}
	v.next = v.s.Default
	return v.chosen(nil, in)
}

// holds evaluates one Choice rule.
func (v *visit) holds(rule map[string]any, in any) (bool, error) {
	bare := make(map[string]any, len(rule))
	for k, x := range rule {
		if k != "Next" && k != "Comment" && k != "Assign" && k != "Output" {
			bare[k] = x
		}
	}
	if v.sc.jsonata(v.s) {
		r, err := asl.Eval(bare["Condition"], v.sc.states(nil, false, nil), v.sc.vars)
		b, _ := r.(bool)
		return b, err
	}
	return asl.Choose(bare, in, v.sc.context, v.sc.vars)
}

// chosen is a Choice's output: its input through OutputPath (JSONata:
// the chosen rule's Output, else the state's).
func (v *visit) chosen(rule map[string]any, in any) (any, error) {
	assign, output := v.s.Assign, v.s.Output
	if a, ok := rule["Assign"]; ok {
		assign = statemachine.Value{Set: true, V: a}
	}
	if o, ok := rule["Output"]; ok {
		output = statemachine.Value{Set: true, V: o}
	}
	vars, err := v.sc.assign(v.s, assign, nil, false, nil)
	if err != nil {
		return nil, err
	}
	v.vars = vars
	if v.sc.jsonata(v.s) {
		if !output.Set {
			return v.sc.input, nil
		}
		return asl.Eval(output.V, v.sc.states(nil, false, nil), v.sc.vars)
	}
	return v.sc.place(v.s, statemachine.Path{Set: true, Null: true}, in)
}

// fail ends the thread with the state's error and cause.
func (v *visit) fail() error {
	f := &Failure{}
	for _, part := range []struct {
		to    *string
		value statemachine.Value
		path  string
	}{{&f.Error, v.s.Error, v.s.ErrorPath}, {&f.Cause, v.s.Cause, v.s.CausePath}} {
		x, err := v.field(part.value, part.path)
		if err != nil {
			return err
		}
		*part.to, _ = x.(string)
	}
	return failed{f}
}

// field is a value given literally, by an expression or by a path.
func (v *visit) field(literal statemachine.Value, path string) (any, error) {
	if path != "" {
		return asl.Path(path, v.sc.input, v.sc.context)
	}
	if !literal.Set {
		return nil, nil
	}
	if v.sc.jsonata(v.s) {
		return asl.Eval(literal.V, v.sc.states(nil, false, nil), v.sc.vars)
	}
	return literal.V, nil
}
