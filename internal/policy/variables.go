package policy

import "strings"

// expand replaces the policy variables in s — ${aws:userid},
// ${aws:PrincipalTag/team, 'none'} — with the request's values. ok is false
// when a variable has neither a value nor a default: the element that holds
// it then matches nothing. ${*}, ${?} and ${$} stand for those characters.
func expand(s string, ctx map[string][]string) (string, bool) {
	if !strings.Contains(s, "${") {
		return s, true
	}
	var b strings.Builder
	for {
		before, after, found := strings.Cut(s, "${")
		b.WriteString(before)
		if !found {
			return b.String(), true
		}
		name, rest, closed := strings.Cut(after, "}")
		if !closed {
			b.WriteString("${")
			b.WriteString(after)
			return b.String(), true
		}
		value, ok := variable(name, ctx)
		if !ok {
			return "", false
		}
		b.WriteString(value)
		s = rest
	}
}

// variable is the value of one ${...}: a literal character, a single-valued
// context key, or the default written after a comma.
func variable(name string, ctx map[string][]string) (string, bool) {
	switch name {
	case "*", "?", "$":
		return name, true
	}
	key, fallback, hasDefault := strings.Cut(name, ",")
	if v := ctx[strings.ToLower(strings.TrimSpace(key))]; len(v) == 1 {
		return v[0], true
	}
	if hasDefault {
		fallback = strings.TrimSpace(fallback)
		if len(fallback) >= 2 && fallback[0] == '\'' && fallback[len(fallback)-1] == '\'' {
			return fallback[1 : len(fallback)-1], true
		}
	}
	return "", false
}

// expandAll expands every value, dropping those that cannot be.
func expandAll(values []string, ctx map[string][]string) []string {
	out := values[:0:0]
	for _, v := range values {
		if e, ok := expand(v, ctx); ok {
			out = append(out, e)
		}
	}
	return out
}
