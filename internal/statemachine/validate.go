package statemachine

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/virga-dev/virga/internal/asl"
)

// validator parses a definition and collects what is wrong with it.
type validator struct {
	diags []Diagnostic
}

func (v *validator) add(code, at, format string, args ...any) {
	v.diags = append(v.diags, Diagnostic{Code: code, Message: fmt.Sprintf(format, args...), Location: at})
}

func (v *validator) schema(at, format string, args ...any) { v.add(CodeSchema, at, format, args...) }

// definition parses a top level, branch or item processor at pointer at.
func (v *validator) definition(raw map[string]any, at, lang string) *Definition {
	d := &Definition{raw: raw, States: map[string]*State{}}
	var missing []string
	for _, f := range []string{"StartAt", "States"} {
		if _, ok := raw[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		v.schema(or(at, "/"), "These fields are required: [%s]", strings.Join(missing, ", "))
		return d
	}
	d.Comment, _ = raw["Comment"].(string)
	d.StartAt = v.str(raw, "StartAt", at)
	d.QueryLanguage = lang
	if ql, ok := raw["QueryLanguage"]; ok {
		d.QueryLanguage = v.language(ql, at+"/QueryLanguage")
	}
	if n, ok := raw["TimeoutSeconds"]; ok {
		d.TimeoutSeconds = v.natural(n, at+"/TimeoutSeconds", 1)
	}
	states, ok := raw["States"].(map[string]any)
	if !ok {
		v.schema(at+"/States", "Expected value of type: Object")
		return d
	}
	d.Order = orderOf(states)
	for _, name := range d.Order {
		sraw, ok := states[name].(map[string]any)
		if !ok {
			v.schema(at+"/States/"+name, "Expected value of type: Object")
			continue
		}
		d.States[name] = v.state(name, sraw, at+"/States/"+name, d.QueryLanguage)
	}
	return d
}

// orderOf lists an object's keys; encoding/json keeps no order, so they
// are sorted, which is as good an order as any for reporting.
func orderOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (v *validator) language(x any, at string) string {
	s, _ := x.(string)
	if s != JSONPath && s != JSONata {
		v.schema(at, "The value for the field 'QueryLanguage' must be one of [JSONPath, JSONata]")
		return JSONPath
	}
	return s
}

// str reads a string field, recording a wrong type.
func (v *validator) str(raw map[string]any, field, at string) string {
	x, ok := raw[field]
	if !ok {
		return ""
	}
	s, ok := x.(string)
	if !ok {
		v.schema(at+"/"+field, "Expected value of type: String")
	}
	return s
}

// natural reads a whole number at least min.
func (v *validator) natural(x any, at string, min int64) int {
	return int(v.number(x, at, float64(min), "Integer"))
}

// number reads a number at least min; kind "Integer" wants a whole one.
func (v *validator) number(x any, at string, min float64, kind string) float64 {
	n, _ := x.(json.Number)
	f, err := n.Float64()
	if _, whole := n.Int64(); err != nil || f < min || kind == "Integer" && whole != nil {
		v.schema(at, "Expected value of type: %s greater than or equal to %v", kind, min)
		return 0
	}
	return f
}

// path reads an optional path field: null, or a valid path.
func (v *validator) path(raw map[string]any, field, at string) Path {
	x, ok := raw[field]
	if !ok {
		return Path{}
	}
	if x == nil {
		return Path{Set: true, Null: true}
	}
	s, ok := x.(string)
	if !ok {
		v.schema(at+"/"+field, "Expected value of type: String")
		return Path{}
	}
	if err := asl.ValidatePath(s); err != nil {
		v.add(CodeInvalidPath, at+"/"+field, "The value for the field '%s' must be a valid JSONPath", field)
	}
	return Path{Set: true, Value: s}
}

// refPath reads a path field that must name a value (…Path fields).
func (v *validator) refPath(raw map[string]any, field, at string) string {
	p := v.path(raw, field, at)
	if p.Null {
		v.schema(at+"/"+field, "Expected value of type: String")
	}
	return p.Value
}

// value reads an optional field of any JSON value.
func value(raw map[string]any, field string) Value {
	x, ok := raw[field]
	return Value{Set: ok, V: x}
}

// template reads a payload template, checking its paths and intrinsics.
func (v *validator) template(raw map[string]any, field, at, lang string) Value {
	t := value(raw, field)
	if !t.Set {
		return t
	}
	var err error
	if lang == JSONata {
		err = asl.ValidateJSONata(t.V)
	} else {
		err = asl.ValidatePayload(t.V)
	}
	if err != nil {
		v.add(CodeSchema, at+"/"+field, "%s", err.Error())
	}
	return t
}

// errorNames reads an ErrorEquals list.
func (v *validator) errorNames(raw map[string]any, at string) []string {
	list, ok := raw["ErrorEquals"].([]any)
	if !ok {
		v.schema(at, "These fields are required: [ErrorEquals]")
		return nil
	}
	if len(list) == 0 {
		v.schema(at+"/ErrorEquals", "Expected value of type: non-empty Array")
	}
	names := make([]string, 0, len(list))
	for _, x := range list {
		s, _ := x.(string)
		names = append(names, s)
	}
	if i := slices.Index(names, "States.ALL"); i >= 0 && len(names) > 1 {
		v.schema(at+"/ErrorEquals", "Field 'States.ALL' must appear alone in 'ErrorEquals'")
	}
	return names
}
