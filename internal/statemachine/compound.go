package statemachine

import (
	"fmt"
)

// parallel reads a Parallel's branches.
func (v *validator) parallel(s *State, at string) {
	list, ok := s.raw["Branches"].([]any)
	if !ok || len(list) == 0 {
		v.schema(at, "These fields are required: [Branches]")
		return
	}
	v.objects(s.raw, "Branches", at, func(raw map[string]any, where string) {
		s.Branches = append(s.Branches, v.definition(raw, where, s.QueryLanguage))
	})
}

// mapState reads an inline Map: its item processor (or the older
// Iterator), where its items come from and how many run at once.
func (v *validator) mapState(s *State, at string) {
	field := "ItemProcessor"
	raw, ok := s.raw[field].(map[string]any)
	if !ok {
		field = "Iterator"
		raw, ok = s.raw[field].(map[string]any)
	}
	if !ok {
		v.schema(at, "These fields are required: [ItemProcessor]")
		return
	}
	if cfg, ok := raw["ProcessorConfig"].(map[string]any); ok && cfg["Mode"] == "DISTRIBUTED" {
		v.schema(at+"/"+field+"/ProcessorConfig/Mode", "Distributed Map is not supported by Virga")
	}
	body := make(map[string]any, len(raw))
	for k, x := range raw {
		if k != "ProcessorConfig" {
			body[k] = x
		}
	}
	s.Processor = v.definition(body, at+"/"+field, s.QueryLanguage)
	s.ItemsPath = v.path(s.raw, "ItemsPath", at)
	s.Items = v.template(s.raw, "Items", at, JSONata)
	s.ItemSelector = v.template(s.raw, "ItemSelector", at, s.QueryLanguage)
	if !s.ItemSelector.Set && s.Parameters.Set {
		s.ItemSelector = s.Parameters // the older name
		s.Parameters = Value{}
	}
	s.MaxConcurrency = v.count(s.raw, "MaxConcurrency", at, 0)
	s.MaxConcurrencyPath = v.refPath(s.raw, "MaxConcurrencyPath", at)
	s.ToleratedFailureCount = v.count(s.raw, "ToleratedFailureCount", at, 0)
	s.ToleratedFailureCountPath = v.refPath(s.raw, "ToleratedFailureCountPath", at)
	s.ToleratedFailurePercentage = value(s.raw, "ToleratedFailurePercentage")
	s.ToleratedFailurePercentagePath = v.refPath(s.raw, "ToleratedFailurePercentagePath", at)
}

// retriers reads a state's Retry.
func (v *validator) retriers(raw map[string]any, at string) []Retrier {
	var out []Retrier
	v.objects(raw, "Retry", at, func(m map[string]any, where string) {
		r := Retrier{ErrorEquals: v.errorNames(m, where), IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2}
		if x, ok := m["IntervalSeconds"]; ok {
			r.IntervalSeconds = float64(v.natural(x, where+"/IntervalSeconds", 1))
		}
		if x, ok := m["MaxAttempts"]; ok {
			r.MaxAttempts = v.natural(x, where+"/MaxAttempts", 0)
		}
		if x, ok := m["BackoffRate"]; ok {
			r.BackoffRate = v.number(x, where+"/BackoffRate", 1, "Number")
		}
		if x, ok := m["MaxDelaySeconds"]; ok {
			r.MaxDelaySeconds = float64(v.natural(x, where+"/MaxDelaySeconds", 1))
		}
		r.JitterStrategy = v.str(m, "JitterStrategy", where)
		if r.JitterStrategy != "" && r.JitterStrategy != "FULL" && r.JitterStrategy != "NONE" {
			v.schema(where+"/JitterStrategy", "The value for the field 'JitterStrategy' must be one of [FULL, NONE]")
		}
		out = append(out, r)
	})
	allLast(v, out, func(r Retrier) []string { return r.ErrorEquals }, at+"/Retry")
	return out
}

// catchers reads a state's Catch.
func (v *validator) catchers(raw map[string]any, at, lang string) []Catcher {
	var out []Catcher
	v.objects(raw, "Catch", at, func(m map[string]any, where string) {
		c := Catcher{ErrorEquals: v.errorNames(m, where), ResultPath: v.path(m, "ResultPath", where),
			Output: v.template(m, "Output", where, JSONata), Assign: v.template(m, "Assign", where, lang)}
		if _, ok := m["Next"].(string); !ok {
			v.schema(where, "These fields are required: [Next]")
		}
		c.Next, _ = m["Next"].(string)
		out = append(out, c)
	})
	allLast(v, out, func(c Catcher) []string { return c.ErrorEquals }, at+"/Catch")
	return out
}

// objects calls each with every object of a list field, and its pointer.
func (v *validator) objects(raw map[string]any, field, at string, each func(m map[string]any, where string)) {
	list, _ := raw[field].([]any)
	for i, x := range list {
		where := fmt.Sprintf("%s/%s[%d]", at, field, i)
		if m, ok := x.(map[string]any); ok {
			each(m, where)
		} else {
			v.schema(where, "Expected value of type: Object")
		}
	}
}

// allLast checks that States.ALL appears only in the last rule.
func allLast[T any](v *validator, rules []T, names func(T) []string, at string) {
	for i, r := range rules {
		for _, n := range names(r) {
			if n == "States.ALL" && i != len(rules)-1 {
				v.schema(fmt.Sprintf("%s[%d]/ErrorEquals", at, i), "States.ALL must be the last retrier or catcher")
			}
		}
	}
}
