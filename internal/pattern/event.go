package pattern

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// maxEventDepth is how deeply an event may nest, as for encoding/json.
const maxEventDepth = 10000

// readEvent reads a JSON event in one pass and keeps only what the pattern
// reads (nd): the result holds the named fields and nothing else, and it
// matches exactly as the whole event decoded by encoding/json would. It
// reports how many fields the top-level object has, and false if the event
// is not valid JSON or not an object. The result lives in r's buffers and is
// good until r reads again.
func (r *eventReader) readEvent(b []byte, nd *need) (*object, int, bool) {
	*r = eventReader{b: b, objs: r.objs[:0], kvs: r.kvs[:0]}
	r.space()
	if r.i >= len(b) || b[r.i] != '{' {
		return nil, 0, false
	}
	v, ok := r.object(nd)
	r.space()
	ok = ok && r.i == len(b)
	r.b = nil // what was kept is copied out of the event
	obj, _ := v.(*object)
	return obj, r.top, ok
}

// An object is an event's object as Match reads it: the fields the pattern
// names, in the order read.
type object struct {
	fields []kv
}

// noFields stands for every object none of whose fields is read.
var noFields = &object{}

type kv struct {
	name string
	v    any
}

// get is the value of the field named name.
func (o *object) get(name string) (any, bool) {
	for i := range o.fields {
		if o.fields[i].name == name {
			return o.fields[i].v, true
		}
	}
	return nil, false
}

// set gives the field named name the value v; a repeated key keeps the
// later value, as encoding/json does.
func (o *object) set(name string, v any) {
	for i := range o.fields {
		if o.fields[i].name == name {
			o.fields[i].v = v
			return
		}
	}
	o.fields = append(o.fields, kv{name, v})
}

type eventReader struct {
	b     []byte
	i     int
	depth int
	top   int // members of the top-level object

	// objs and kvs hold the objects read, so that reading allocates little;
	// they are kept from one event to the next.
	objs []object
	kvs  []kv
}

// newObject is an empty object with room for n fields.
func (r *eventReader) newObject(n int) *object {
	if len(r.kvs)+n > cap(r.kvs) {
		r.kvs = make([]kv, 0, 2*cap(r.kvs)+n)
	}
	fields := r.kvs[len(r.kvs) : len(r.kvs) : len(r.kvs)+n]
	r.kvs = r.kvs[:len(r.kvs)+n]
	if len(r.objs) == cap(r.objs) {
		r.objs = make([]object, 0, 2*cap(r.objs)+4)
	}
	r.objs = append(r.objs, object{fields: fields})
	return &r.objs[len(r.objs)-1]
}

func (r *eventReader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// value reads one value. A string or number nd does not read is checked,
// skipped and given as nil; so is an array nd does not read at all.
func (r *eventReader) value(nd *need) (any, bool) {
	r.space()
	if r.i >= len(r.b) {
		return nil, false
	}
	switch c := r.b[r.i]; {
	case c == '{':
		return r.object(nd)
	case c == '[':
		return r.array(nd)
	case c == '"':
		start := r.i
		escaped, ok := r.str()
		if !ok || nd == nil || !nd.leaf {
			return nil, ok
		}
		return decodeString(r.b[start:r.i], escaped), true
	case c == '-' || c >= '0' && c <= '9':
		start := r.i
		ok := r.number()
		if !ok || nd == nil || !nd.leaf {
			return nil, ok
		}
		return json.Number(r.b[start:r.i]), true
	case c == 't':
		return true, r.literal("true")
	case c == 'f':
		return false, r.literal("false")
	case c == 'n':
		return nil, r.literal("null")
	}
	return nil, false
}

// object reads an object, keeping the fields nd reads.
func (r *eventReader) object(nd *need) (any, bool) {
	obj := noFields
	if nd != nil && len(nd.list) > 0 {
		obj = r.newObject(len(nd.list))
	}
	return obj, r.list('}', func() bool { return r.member(nd, obj) })
}

// member reads one "key": value of an object, keeping it in obj if nd reads
// the key.
func (r *eventReader) member(nd *need, obj *object) bool {
	r.space()
	if r.i >= len(r.b) || r.b[r.i] != '"' {
		return false
	}
	start := r.i
	escaped, ok := r.str()
	key := r.b[start:r.i]
	r.space()
	if !ok || r.i >= len(r.b) || r.b[r.i] != ':' {
		return false
	}
	r.i++
	kid := nd.kid(key, escaped)
	v, ok := r.value(kid)
	if r.depth == 1 {
		r.top++
	}
	if ok && kid != nil {
		obj.set(kid.name, v)
	}
	return ok
}

// array reads an array; its elements are kept if nd reads the field.
func (r *eventReader) array(nd *need) (any, bool) {
	var arr []any
	ok := r.list(']', func() bool {
		v, ok := r.value(nd)
		if nd != nil {
			arr = append(arr, v)
		}
		return ok
	})
	if nd == nil {
		return nil, ok
	}
	return arr, ok
}

// list reads the items of the object or array opening at r.i, separated by
// commas and ended by the byte end.
func (r *eventReader) list(end byte, item func() bool) bool {
	if r.depth++; r.depth > maxEventDepth {
		return false
	}
	r.i++ // the opening bracket
	r.space()
	if r.i < len(r.b) && r.b[r.i] == end {
		r.i++
		r.depth--
		return true
	}
	for {
		if !item() {
			return false
		}
		r.space()
		if r.i >= len(r.b) {
			return false
		}
		switch r.b[r.i] {
		case ',':
			r.i++
		case end:
			r.i++
			r.depth--
			return true
		default:
			return false
		}
	}
}

// kid is the need of the field whose key is the quoted JSON string q.
func (nd *need) kid(q []byte, escaped bool) *need {
	if nd == nil || len(nd.list) == 0 {
		return nil
	}
	raw := q[1 : len(q)-1]
	if !escaped {
		for _, k := range nd.list {
			if string(raw) == k.name {
				return k
			}
		}
		if ascii(raw) {
			return nil
		}
	}
	return nd.kids[decodeString(q, escaped)]
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// plain marks the bytes a string holds as they are: not a quote, not a
// backslash, not a control character.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str checks the string starting at r.i and moves past it, reporting whether
// it holds escapes.
func (r *eventReader) str() (escaped, ok bool) {
	r.i++ // "
	for {
		for r.i < len(r.b) && plain[r.b[r.i]] {
			r.i++
		}
		if r.i >= len(r.b) {
			return false, false
		}
		switch r.b[r.i] {
		case '"':
			r.i++
			return escaped, true
		case '\\':
			escaped = true
			if !r.escape() {
				return false, false
			}
		default:
			return false, false
		}
	}
}

func (r *eventReader) escape() bool {
	r.i++ // \
	if r.i >= len(r.b) {
		return false
	}
	switch r.b[r.i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		r.i++
		return true
	case 'u':
		if r.i+4 >= len(r.b) {
			return false
		}
		for _, h := range r.b[r.i+1 : r.i+5] {
			if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
				return false
			}
		}
		r.i += 5
		return true
	}
	return false
}

// number checks a number per JSON's grammar and moves past it.
func (r *eventReader) number() bool {
	if r.b[r.i] == '-' {
		r.i++
	}
	switch {
	case r.i < len(r.b) && r.b[r.i] == '0':
		r.i++
	case r.digits() == 0:
		return false
	}
	if r.i < len(r.b) && r.b[r.i] == '.' {
		r.i++
		if r.digits() == 0 {
			return false
		}
	}
	if r.i < len(r.b) && (r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		r.i++
		if r.i < len(r.b) && (r.b[r.i] == '+' || r.b[r.i] == '-') {
			r.i++
		}
		if r.digits() == 0 {
			return false
		}
	}
	return true
}

func (r *eventReader) digits() int {
	start := r.i
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		r.i++
	}
	return r.i - start
}

func (r *eventReader) literal(word string) bool {
	if !bytes.HasPrefix(r.b[r.i:], []byte(word)) {
		return false
	}
	r.i += len(word)
	return true
}

// decodeString is the value of the quoted JSON string q, decoded exactly as
// encoding/json decodes it (invalid UTF-8 and lone surrogates included).
func decodeString(q []byte, escaped bool) string {
	raw := q[1 : len(q)-1]
	if !escaped && utf8.Valid(raw) {
		return string(raw)
	}
	var s string
	_ = json.Unmarshal(q, &s)
	return s
}
