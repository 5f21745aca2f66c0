package pattern

import (
	"sync"
	"unicode/utf8"
)

// Pattern is a compiled pattern. It is safe for concurrent use.
type Pattern struct {
	alts     []*node
	need     *need
	d        dialect
	matchAll bool // the empty SNS policy, which filters nothing
}

// Compile parses a pattern (EventBridge/ESM syntax) or, with SNS(), an SNS
// filter policy. A pattern AWS would refuse gives an *Error.
func Compile(src []byte, opts ...Option) (*Pattern, error) {
	var d dialect
	for _, o := range opts {
		o(&d)
	}
	root, err := d.read(src)
	if err != nil {
		return nil, err
	}
	if d.sns && len(root.members) == 0 {
		return &Pattern{d: d, matchAll: true}, nil
	}
	alts, err := d.compile(root)
	if err != nil {
		return nil, err
	}
	p := &Pattern{d: d, need: &need{}}
	for _, a := range alts {
		n := newNode(a)
		p.alts = append(p.alts, n)
		p.need.add(n)
	}
	return p, nil
}

// read checks a pattern's size and reads it as a JSON object.
func (d dialect) read(src []byte) (jnode, *Error) {
	if err := d.checkSize(src); err != nil {
		return jnode{}, err
	}
	root, err := readTree(src)
	if err == errTooDeep {
		return jnode{}, d.tooBig("Pattern is nested more than %d levels deep", maxDepth)
	}
	if err != nil {
		return jnode{}, d.fail("Filter is not valid JSON: %v", err)
	}
	if root.kind != jObject {
		return jnode{}, d.fail("Filter is not an object")
	}
	if d.sns {
		return root, d.checkPolicy(root)
	}
	return root, nil
}

// compile expands a pattern into its alternatives.
func (d dialect) compile(root jnode) ([]*alt, *Error) {
	alts, err := expand(root, d, true)
	if err != nil && !err.limit && hasOr(root) {
		// Event Ruler reads a "$or" that is not a valid OR as a field name.
		// Should that fail too, the fault found reading it as an OR is the
		// more telling one.
		if plain, perr := expand(root, d, false); perr == nil {
			return plain, nil
		}
	}
	return alts, err
}

func expand(root jnode, d dialect, expandOr bool) ([]*alt, *Error) {
	c := &compiler{d: d, expandOr: expandOr}
	if err := c.readObject(nil, root.members, false); err != nil {
		return nil, err
	}
	return c.alts, nil
}

// checkSize enforces the longest pattern the service takes.
func (d dialect) checkSize(src []byte) *Error {
	if d.sns && len(src) > maxPolicyBytes {
		return d.tooBig("Filter policy is larger than %d bytes", maxPolicyBytes)
	}
	if !d.sns && utf8.RuneCount(src) > maxPatternChars {
		return d.tooBig("Event pattern is longer than %d characters", maxPatternChars)
	}
	return nil
}

// Match reports whether event, a JSON document, matches. An event that is
// not a JSON object matches nothing (but the empty SNS policy matches all).
func (p *Pattern) Match(event []byte) bool {
	if p.matchAll {
		return true
	}
	r := readers.Get().(*eventReader)
	defer readers.Put(r)
	obj, fields, ok := r.readEvent(event, p.need)
	if !ok || p.d.sns && fields == 0 {
		return false
	}
	return p.matchObject(obj)
}

// readers keeps eventReaders, and the buffers they read events into, for
// reuse.
var readers = sync.Pool{New: func() any { return new(eventReader) }}

// MatchValue is Match for an event already decoded: objects as
// map[string]any, arrays as []any, numbers as float64 or json.Number (other
// Go integer and float types are read as numbers too), strings, bools, nil.
func (p *Pattern) MatchValue(event any) bool {
	if p.matchAll {
		return true
	}
	obj, ok := event.(map[string]any)
	if !ok || p.d.sns && len(obj) == 0 {
		return false
	}
	return p.matchObject(obj)
}

func (p *Pattern) matchObject(obj any) bool {
	for _, n := range p.alts {
		if n.match(obj, p.d) {
			return true
		}
	}
	return false
}
