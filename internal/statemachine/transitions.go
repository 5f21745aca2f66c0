package statemachine

import "fmt"

// transitions checks that every Next, Default and StartAt names a state
// of the same definition and that every state can be reached, then does
// the same inside branches and item processors.
func (v *validator) transitions(d *Definition, at string) {
	target := func(name, where, field string) {
		if _, ok := d.States[name]; !ok {
			v.add(CodeMissingTarget, where, "Missing '%s' target: %s", field, name)
		}
	}
	target(d.StartAt, or(at, "")+"/StartAt", "Next")
	for _, name := range d.Order {
		s := d.States[name]
		if s == nil {
			continue
		}
		where := at + "/States/" + name
		if s.Next != "" {
			target(s.Next, where+"/Next", "Next")
		}
		if s.Default != "" {
			target(s.Default, where+"/Default", "Default")
		}
		for i, c := range s.Choices {
			if n, ok := c["Next"].(string); ok {
				target(n, fmt.Sprintf("%s/Choices[%d]/Next", where, i), "Next")
			}
		}
		for i, c := range s.Catch {
			target(c.Next, fmt.Sprintf("%s/Catch[%d]/Next", where, i), "Next")
		}
		for i, b := range s.Branches {
			v.transitions(b, fmt.Sprintf("%s/Branches[%d]", where, i))
		}
		if s.Processor != nil {
			v.transitions(s.Processor, where+"/ItemProcessor")
		}
	}
	v.reachable(d, at)
}

// reachable records the states no transition leads to.
func (v *validator) reachable(d *Definition, at string) {
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		s := d.States[name]
		if s == nil || seen[name] {
			return
		}
		seen[name] = true
		visit(s.Next)
		visit(s.Default)
		for _, c := range s.Choices {
			n, _ := c["Next"].(string)
			visit(n)
		}
		for _, c := range s.Catch {
			visit(c.Next)
		}
	}
	visit(d.StartAt)
	for _, name := range d.Order {
		if !seen[name] {
			v.add(CodeMissingTarget, at+"/States/"+name, "State \"%s\" is not reachable.", name)
		}
	}
}
