package statemachine

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Query languages.
const (
	JSONPath = "JSONPath"
	JSONata  = "JSONata"
)

// State types.
const (
	TypePass     = "Pass"
	TypeTask     = "Task"
	TypeChoice   = "Choice"
	TypeWait     = "Wait"
	TypeSucceed  = "Succeed"
	TypeFail     = "Fail"
	TypeParallel = "Parallel"
	TypeMap      = "Map"
)

// Definition is a state machine, or a Parallel branch or Map item
// processor, which have the same shape.
type Definition struct {
	Comment        string
	StartAt        string
	States         map[string]*State
	TimeoutSeconds int // 0: none
	QueryLanguage  string
	// Order is the states' names as the definition lists them.
	Order []string
	raw   map[string]any
}

// Path is an optional path field: unset, null or a path.
type Path struct {
	Set, Null bool
	Value     string
}

// Or is the path, or def when the field is unset.
func (p Path) Or(def string) Path {
	if !p.Set {
		return Path{Set: true, Value: def}
	}
	return p
}

// Value is an optional field holding any JSON value.
type Value struct {
	Set bool
	V   any
}

// Retrier is one entry of a state's Retry.
type Retrier struct {
	ErrorEquals     []string
	IntervalSeconds float64
	MaxAttempts     int
	BackoffRate     float64
	MaxDelaySeconds float64 // 0: no cap
	JitterStrategy  string
}

// Catcher is one entry of a state's Catch.
type Catcher struct {
	ErrorEquals []string
	Next        string
	ResultPath  Path
	Output      Value
	Assign      Value
}

// State is one state; the fields that its type does not have are zero.
type State struct {
	Name          string
	Type          string
	Comment       string
	Next          string
	End           bool
	QueryLanguage string // resolved: the state's, else its definition's

	InputPath, OutputPath, ResultPath, ItemsPath Path
	Parameters, ResultSelector, Result           Value
	Arguments, Output, Assign, Items             Value

	Resource                                 string
	TimeoutSeconds, HeartbeatSeconds         Value
	TimeoutSecondsPath, HeartbeatSecondsPath string
	Retry                                    []Retrier
	Catch                                    []Catcher
	Choices                                  []map[string]any
	Default                                  string
	Seconds, Timestamp                       Value
	SecondsPath, TimestampPath               string
	Error, Cause                             Value
	ErrorPath, CausePath                     string
	Branches                                 []*Definition
	Processor                                *Definition
	ItemSelector                             Value
	MaxConcurrency                           Value
	MaxConcurrencyPath                       string
	ToleratedFailurePercentage               Value
	ToleratedFailureCount                    Value
	ToleratedFailurePercentagePath           string
	ToleratedFailureCountPath                string
	raw                                      map[string]any
}

// Decode reads a definition's JSON with numbers kept exact.
func Decode(text string) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the definition")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the definition is not a JSON object")
	}
	return m, nil
}

// Parse decodes and validates a definition. The error is an
// *InvalidError listing every diagnostic.
func Parse(text string) (*Definition, error) {
	raw, err := Decode(text)
	if err != nil {
		return nil, &InvalidError{Diagnostics: []Diagnostic{{Code: CodeInvalidJSON, Message: err.Error()}}}
	}
	v := &validator{}
	def := v.definition(raw, "", JSONPath)
	if len(v.diags) == 0 {
		v.transitions(def, "")
	}
	if len(v.diags) > 0 {
		return nil, &InvalidError{Diagnostics: v.diags}
	}
	return def, nil
}

// State is the named state of d, or nil.
func (d *Definition) State(name string) *State { return d.States[name] }

// IsTerminal reports whether the state ends its definition when it
// completes.
func (s *State) IsTerminal() bool {
	return s.End || s.Type == TypeSucceed || s.Type == TypeFail
}

// Has reports whether the state's JSON has the field.
func (s *State) Has(field string) bool {
	_, ok := s.raw[field]
	return ok
}
