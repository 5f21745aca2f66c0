package workflow

import (
	"maps"

	"github.com/virga-dev/virga/internal/asl"
	"github.com/virga-dev/virga/internal/statemachine"
)

// scope is what a state's paths and expressions read: its raw input, the
// context object ($$ or $states.context) and the workflow variables.
type scope struct {
	input   any
	context map[string]any
	vars    map[string]any
}

func (sc scope) jsonata(s *statemachine.State) bool { return s.QueryLanguage == statemachine.JSONata }

// states is JSONata's $states binding.
func (sc scope) states(result any, hasResult bool, errorOutput any) map[string]any {
	st := map[string]any{"input": sc.input, "context": sc.context}
	if hasResult {
		st["result"] = result
	}
	if errorOutput != nil {
		st["errorOutput"] = errorOutput
	}
	return st
}

// effective is the input a state works on: InputPath's selection (null:
// an empty object), then its Parameters (or, JSONata, its Arguments).
func (sc scope) effective(s *statemachine.State, template statemachine.Value) (any, error) {
	if sc.jsonata(s) {
		if !template.Set {
			return sc.input, nil
		}
		return asl.Eval(template.V, sc.states(nil, false, nil), sc.vars)
	}
	in, err := sc.inputPath(s)
	if err != nil || !template.Set {
		return in, err
	}
	return asl.Payload(template.V, in, sc.context, sc.vars)
}

func (sc scope) inputPath(s *statemachine.State) (any, error) {
	p := s.InputPath.Or("$")
	if p.Null {
		return map[string]any{}, nil
	}
	return asl.Path(p.Value, sc.input, sc.context)
}

// output is a state's output from its result: ResultSelector, ResultPath
// and OutputPath (JSONata: Output, else the result).
func (sc scope) output(s *statemachine.State, result any) (any, error) {
	if sc.jsonata(s) {
		if !s.Output.Set {
			return result, nil
		}
		return asl.Eval(s.Output.V, sc.states(result, true, nil), sc.vars)
	}
	var err error
	if s.ResultSelector.Set {
		if result, err = asl.Payload(s.ResultSelector.V, result, sc.context, sc.vars); err != nil {
			return nil, err
		}
	}
	return sc.place(s, s.ResultPath, result)
}

// place puts result into the raw input as a result path says, then
// applies OutputPath.
func (sc scope) place(s *statemachine.State, resultPath statemachine.Path, result any) (any, error) {
	rp := resultPath.Or("$")
	merged, err := asl.PutResult(rp.Value, rp.Null, sc.input, result)
	if err != nil {
		return nil, err
	}
	op := s.OutputPath.Or("$")
	if op.Null {
		return map[string]any{}, nil
	}
	return asl.Path(op.Value, merged, sc.context)
}

// caught is a state's output when a catcher takes its failure.
func (sc scope) caught(s *statemachine.State, c statemachine.Catcher, f *Failure) (any, error) {
	errOut := map[string]any{"Error": f.Error, "Cause": f.Cause}
	if !sc.jsonata(s) {
		return sc.place(s, c.ResultPath, errOut)
	}
	if !c.Output.Set {
		return errOut, nil
	}
	return asl.Eval(c.Output.V, sc.states(nil, false, errOut), sc.vars)
}

// assign evaluates a state's (or catcher's) Assign into the variables
// that hold after it.
func (sc scope) assign(s *statemachine.State, a statemachine.Value, result any, hasResult bool, errOut any) (map[string]any, error) {
	if !a.Set {
		return sc.vars, nil
	}
	var v any
	var err error
	if sc.jsonata(s) {
		v, err = asl.Eval(a.V, sc.states(result, hasResult, errOut), sc.vars)
	} else {
		in := result
		if !hasResult {
			in = sc.input
		}
		v, err = asl.Payload(a.V, in, sc.context, sc.vars)
	}
	if err != nil {
		return nil, err
	}
	next := maps.Clone(sc.vars)
	if next == nil {
		next = map[string]any{}
	}
	if m, ok := v.(map[string]any); ok {
		maps.Copy(next, m)
	}
	return next, nil
}
