package events

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// jsonPath is a JSONPath of the subset EventBridge reads: "$" followed by
// steps — .name (letters, digits, '-', '_', '/' and the like), [n], [*]
// and .* — evaluated on the raw JSON, so that what it selects keeps its
// members in their order.
type jsonPath struct {
	steps []pathStep
	// multi: a wildcard step, so the result is a list of what it found.
	multi bool
}

type pathStep struct {
	name     string
	index    int // -1 for a name
	wildcard bool
}

// parsePath reads a path; ok is false when it is not one EventBridge reads.
func parsePath(s string) (jsonPath, bool) {
	if !strings.HasPrefix(s, "$") {
		return jsonPath{}, false
	}
	var p jsonPath
	rest := s[1:]
	for rest != "" {
		var st pathStep
		var ok bool
		st, rest, ok = nextStep(rest)
		if !ok {
			return jsonPath{}, false
		}
		p.multi = p.multi || st.wildcard
		p.steps = append(p.steps, st)
	}
	return p, true
}

func nextStep(s string) (pathStep, string, bool) {
	switch s[0] {
	case '.':
		end := strings.IndexAny(s[1:], ".[")
		if end < 0 {
			end = len(s) - 1
		}
		name := s[1 : 1+end]
		if name == "" {
			return pathStep{}, "", false
		}
		return pathStep{name: name, index: -1, wildcard: name == "*"}, s[1+end:], true
	case '[':
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return pathStep{}, "", false
		}
		inside := s[1:end]
		if inside == "*" {
			return pathStep{index: -1, wildcard: true}, s[end+1:], true
		}
		if q := strings.Trim(inside, `'`); len(inside) > 2 && inside[0] == '\'' && inside[len(inside)-1] == '\'' {
			return pathStep{name: q, index: -1}, s[end+1:], true
		}
		n, err := strconv.Atoi(inside)
		return pathStep{index: n}, s[end+1:], err == nil && n >= 0
	}
	return pathStep{}, "", false
}

// eval selects from doc. A path without a wildcard gives the one value it
// names, or nothing; one with a wildcard gives the list of every value it
// reaches.
func (p jsonPath) eval(doc []byte) (json.RawMessage, bool) {
	found := []json.RawMessage{doc}
	for _, st := range p.steps {
		var next []json.RawMessage
		for _, v := range found {
			next = append(next, st.apply(v)...)
		}
		found = next
	}
	if p.multi {
		var b bytes.Buffer
		b.WriteByte('[')
		for i, v := range found {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(v)
		}
		b.WriteByte(']')
		return b.Bytes(), true
	}
	if len(found) != 1 {
		return nil, false
	}
	return found[0], true
}

// apply is what one step reaches from a value.
func (st pathStep) apply(v json.RawMessage) []json.RawMessage {
	switch {
	case st.wildcard:
		if items, ok := arrayItems(v); ok {
			return items
		}
		var out []json.RawMessage
		for _, m := range objectMembers(v) {
			out = append(out, m.value)
		}
		return out
	case st.index >= 0:
		if items, ok := arrayItems(v); ok && st.index < len(items) {
			return items[st.index : st.index+1]
		}
		return nil
	}
	var out []json.RawMessage
	for _, m := range objectMembers(v) {
		if m.name == st.name {
			out = []json.RawMessage{m.value}
		}
	}
	return out
}

type member struct {
	name  string
	value json.RawMessage
}

// objectMembers lists an object's members in order; anything else has
// none.
func objectMembers(v json.RawMessage) []member {
	dec := json.NewDecoder(bytes.NewReader(v))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var out []member
	for dec.More() {
		t, err := dec.Token()
		name, ok := t.(string)
		if err != nil || !ok {
			return nil
		}
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil
		}
		out = append(out, member{name, val})
	}
	return out
}

// arrayItems lists an array's items; ok is false for anything else.
func arrayItems(v json.RawMessage) ([]json.RawMessage, bool) {
	if len(v) == 0 || v[0] != '[' {
		return nil, false
	}
	var items []json.RawMessage
	if err := json.Unmarshal(v, &items); err != nil {
		return nil, false
	}
	return items, true
}
