package statemachine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/virga-dev/virga/internal/asl"
)

// state parses one state at pointer at.
func (v *validator) state(name string, raw map[string]any, at, lang string) *State {
	s := &State{Name: name, raw: raw, QueryLanguage: lang}
	if len(name) > 80 {
		v.schema(at, "State names must be no longer than 80 characters")
	}
	typ, ok := raw["Type"].(string)
	if _, known := fieldsOf[typ]; !ok || !known {
		if _, has := raw["Type"]; !has {
			v.schema(at, "These fields are required: [Type]")
		} else {
			v.schema(at+"/Type", "Value is not a valid state type")
		}
		return s
	}
	s.Type = typ
	if ql, ok := raw["QueryLanguage"]; ok {
		s.QueryLanguage = v.language(ql, at+"/QueryLanguage")
		if lang == JSONata && s.QueryLanguage == JSONPath {
			v.schema(at+"/QueryLanguage", "A JSONPath state cannot be used in a JSONata state machine")
		}
	}
	v.unknownFields(s, at)
	s.Comment, _ = raw["Comment"].(string)
	v.flow(s, at)
	v.io(s, at)
	kinds := map[string]func(*State, string){TypeTask: v.task, TypeChoice: v.choice, TypeWait: v.wait, TypeFail: v.fail,
		TypeParallel: v.parallel, TypeMap: v.mapState}
	if read := kinds[typ]; read != nil {
		read(s, at)
	}
	if typ == TypeTask || typ == TypeParallel || typ == TypeMap {
		s.Retry = v.retriers(raw, at)
		s.Catch = v.catchers(raw, at, s.QueryLanguage)
	}
	return s
}

// unknownFields records fields the state's type does not have, and the
// other query language's fields.
func (v *validator) unknownFields(s *State, at string) {
	var fields []string
	for f := range s.raw {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		if !allowed(s.Type, f) {
			v.schema(at, "Field '%s' is not supported", f)
			continue
		}
		if s.QueryLanguage == JSONata && slices.Contains(jsonataForbids, f) {
			v.schema(at, "The field '%s' is not supported for state type '%s' when QueryLanguage is JSONata", f, s.Type)
		}
		if s.QueryLanguage == JSONPath && slices.Contains([]string{"Arguments", "Output", "Items"}, f) {
			v.schema(at, "The field '%s' is not supported for state type '%s' when QueryLanguage is JSONPath", f, s.Type)
		}
	}
}

// jsonataForbids are the JSONPath fields a JSONata state may not have.
var jsonataForbids = []string{"InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "ItemsPath",
	"TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
	"MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath"}

// flow reads Next and End: exactly one of them, except for the states
// that end by themselves or choose.
func (v *validator) flow(s *State, at string) {
	s.Next = v.str(s.raw, "Next", at)
	end, hasEnd := s.raw["End"]
	if hasEnd {
		b, ok := end.(bool)
		if !ok {
			v.schema(at+"/End", "Expected value of type: Boolean")
		}
		s.End = b
	}
	if s.Type == TypeChoice || s.Type == TypeSucceed || s.Type == TypeFail {
		return
	}
	_, hasNext := s.raw["Next"]
	switch {
	case hasNext && s.End:
		v.schema(at, "Only one of the fields [Next, End] may be set")
	case !hasNext && !s.End:
		v.schema(at, "These fields are required: [Next or End]")
	}
}

// io reads the input and output fields.
func (v *validator) io(s *State, at string) {
	s.InputPath = v.path(s.raw, "InputPath", at)
	s.OutputPath = v.path(s.raw, "OutputPath", at)
	s.ResultPath = v.path(s.raw, "ResultPath", at)
	s.Parameters = v.template(s.raw, "Parameters", at, JSONPath)
	s.ResultSelector = v.template(s.raw, "ResultSelector", at, JSONPath)
	s.Result = value(s.raw, "Result")
	s.Arguments = v.template(s.raw, "Arguments", at, JSONata)
	s.Output = v.template(s.raw, "Output", at, JSONata)
	s.Assign = v.template(s.raw, "Assign", at, s.QueryLanguage)
}

// task reads a Task's resource and its timeouts.
func (v *validator) task(s *State, at string) {
	if _, ok := s.raw["Resource"]; !ok {
		v.schema(at, "These fields are required: [Resource]")
	}
	s.Resource = v.str(s.raw, "Resource", at)
	if s.Resource != "" && !strings.HasPrefix(s.Resource, "arn:") {
		v.add(CodeInvalidResource, at+"/Resource", "Value is not a valid resource ARN")
	}
	s.TimeoutSeconds = v.count(s.raw, "TimeoutSeconds", at, 1)
	s.HeartbeatSeconds = v.count(s.raw, "HeartbeatSeconds", at, 1)
	s.TimeoutSecondsPath = v.refPath(s.raw, "TimeoutSecondsPath", at)
	s.HeartbeatSecondsPath = v.refPath(s.raw, "HeartbeatSecondsPath", at)
	for _, pair := range [][2]string{{"TimeoutSeconds", "TimeoutSecondsPath"}, {"HeartbeatSeconds", "HeartbeatSecondsPath"}} {
		if s.Has(pair[0]) && s.Has(pair[1]) {
			v.schema(at, "Only one of the fields [%s, %s] may be set", pair[0], pair[1])
		}
	}
	t, tok := s.TimeoutSeconds.V.(int)
	h, hok := s.HeartbeatSeconds.V.(int)
	if tok && hok && h >= t {
		v.schema(at+"/HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds")
	}
}

// count reads a whole number at least min, or (JSONata) an expression,
// into Value.V as an int or the expression.
func (v *validator) count(raw map[string]any, field, at string, min int64) Value {
	x, ok := raw[field]
	if !ok {
		return Value{}
	}
	if s, isString := x.(string); isString && strings.HasPrefix(s, "{%") {
		return Value{Set: true, V: s}
	}
	return Value{Set: true, V: v.natural(x, at+"/"+field, min)}
}

// choice reads a Choice's rules and Default.
func (v *validator) choice(s *State, at string) {
	list, ok := s.raw["Choices"].([]any)
	if !ok || len(list) == 0 {
		v.schema(at, "These fields are required: [Choices]")
	}
	for i, x := range list {
		rule, ok := x.(map[string]any)
		where := fmt.Sprintf("%s/Choices[%d]", at, i)
		if !ok {
			v.schema(where, "Expected value of type: Object")
			continue
		}
		if _, ok := rule["Next"].(string); !ok {
			v.schema(where, "These fields are required: [Next]")
		}
		v.rule(rule, where, s.QueryLanguage)
		s.Choices = append(s.Choices, rule)
	}
	s.Default = v.str(s.raw, "Default", at)
}

// rule checks one Choice rule, without its Next.
func (v *validator) rule(rule map[string]any, at, lang string) {
	bare := make(map[string]any, len(rule))
	for k, x := range rule {
		if k != "Next" && k != "Comment" && k != "Assign" && k != "Output" {
			bare[k] = x
		}
	}
	var err error
	if lang == JSONata {
		if _, ok := rule["Condition"]; !ok {
			v.schema(at, "These fields are required: [Condition]")
			return
		}
		err = asl.ValidateJSONata(bare["Condition"])
	} else {
		err = asl.ValidateRule(bare)
	}
	if err != nil {
		v.schema(at, "%s", err.Error())
	}
}

// wait reads a Wait's one duration field.
func (v *validator) wait(s *State, at string) {
	s.Seconds = value(s.raw, "Seconds")
	s.Timestamp = value(s.raw, "Timestamp")
	s.SecondsPath = v.refPath(s.raw, "SecondsPath", at)
	s.TimestampPath = v.refPath(s.raw, "TimestampPath", at)
	n := 0
	for _, f := range []string{"Seconds", "Timestamp", "SecondsPath", "TimestampPath"} {
		if s.Has(f) {
			n++
		}
	}
	if n != 1 {
		v.schema(at, "Exactly one of the fields [Seconds, Timestamp, SecondsPath, TimestampPath] must be set")
	}
}

// fail reads a Fail's error and cause.
func (v *validator) fail(s *State, at string) {
	s.Error, s.Cause = value(s.raw, "Error"), value(s.raw, "Cause")
	s.ErrorPath = v.refPath(s.raw, "ErrorPath", at)
	s.CausePath = v.refPath(s.raw, "CausePath", at)
	for _, pair := range [][2]string{{"Error", "ErrorPath"}, {"Cause", "CausePath"}} {
		if s.Has(pair[0]) && s.Has(pair[1]) {
			v.schema(at, "Only one of the fields [%s, %s] may be set", pair[0], pair[1])
		}
	}
}
