package awsproto

import (
	"fmt"
	"reflect"
	"slices"
)

// A decoder reads the member called name, among the parameters in, into v.
// It leaves v alone when the request does not carry the member.
type decoder interface {
	decode(v reflect.Value, in params, name string, depth int) error
}

// scalarDecoder reads a member sent as one value.
type scalarDecoder struct {
	parse parser
}

func (d scalarDecoder) decode(v reflect.Value, in params, name string, _ int) error {
	g := in.lookup(name)
	if !g.hasValue {
		return nil
	}
	if problem := d.parse(v, g.value); problem != "" {
		return &FormError{Member: g.path, Value: g.value, Message: problem}
	}
	return nil
}

// ptrDecoder allocates what a pointer points to when the member is sent.
type ptrDecoder struct {
	elem   decoder
	scalar bool // only the member's own value makes it present
}

func (d ptrDecoder) decode(v reflect.Value, in params, name string, depth int) error {
	g := in.lookup(name)
	if !g.hasValue && (d.scalar || g.children.empty()) {
		return nil
	}
	p := reflect.New(v.Type().Elem())
	if err := d.elem.decode(p.Elem(), in, name, depth); err != nil {
		return err
	}
	v.Set(p)
	return nil
}

// structDecoder reads a structure's members from Prefix.Member.
type structDecoder struct {
	fields []field
}

type field struct {
	index int
	name  string
	dec   decoder
}

func (d *structDecoder) decode(v reflect.Value, in params, name string, depth int) error {
	return d.decodeFields(v, in.lookup(name).children, depth+1)
}

func (d *structDecoder) decodeFields(v reflect.Value, in params, depth int) error {
	if in.empty() {
		return nil
	}
	if depth > maxDepth {
		return &FormError{Member: in.path(), Message: fmt.Sprintf("Member must not nest more than %d levels deep", maxDepth)}
	}
	for _, f := range d.fields {
		if err := f.dec.decode(v.Field(f.index), in, f.name, depth); err != nil {
			return err
		}
	}
	return nil
}

// listDecoder reads Name.member.N, or Name.N when flattened.
type listDecoder struct {
	elem      decoder
	flattened bool
	member    string // for a flattened list, the name its elements use instead of the list's
}

func (d listDecoder) decode(v reflect.Value, in params, name string, depth int) error {
	g := in.lookup(name)
	elems := d.elements(in, g)
	idx, err := indices(elems)
	if err != nil {
		return err
	}
	if len(idx) == 0 {
		if g.hasValue && v.IsNil() {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		}
		return nil
	}
	s := reflect.MakeSlice(v.Type(), len(idx), len(idx))
	for i, seg := range idx {
		if err := d.elem.decode(s.Index(i), elems, seg, depth+1); err != nil {
			return err
		}
	}
	v.Set(s)
	return nil
}

// elements are the parameters a list's indices are the first segment of.
func (d listDecoder) elements(in params, g group) params {
	switch {
	case !d.flattened:
		return g.children.lookup(d.member).children
	case d.member != "":
		return in.lookup(d.member).children
	default:
		return g.children
	}
}

// mapDecoder reads Name.entry.N.key and Name.entry.N.value, or Name.N.key
// and Name.N.value when flattened.
type mapDecoder struct {
	key, value         decoder
	flattened          bool
	keyName, valueName string
}

func (d mapDecoder) decode(v reflect.Value, in params, name string, depth int) error {
	entries := in.lookup(name).children
	if !d.flattened {
		entries = entries.lookup("entry").children
	}
	idx, err := indices(entries)
	if err != nil || len(idx) == 0 {
		return err
	}
	m := reflect.MakeMapWithSize(v.Type(), len(idx))
	k := reflect.New(v.Type().Key()).Elem()
	e := reflect.New(v.Type().Elem()).Elem()
	for _, seg := range idx {
		if err := d.entry(k, e, entries.lookup(seg), depth); err != nil {
			return err
		}
		m.SetMapIndex(k, e)
	}
	v.Set(m)
	return nil
}

// entry reads one entry's key into k and value into e.
func (d mapDecoder) entry(k, e reflect.Value, g group, depth int) error {
	if !g.children.lookup(d.keyName).hasValue {
		return &FormError{Member: g.path + "." + d.keyName, Message: "Member must not be null"}
	}
	k.SetZero()
	e.SetZero()
	if err := d.key.decode(k, g.children, d.keyName, depth+1); err != nil {
		return err
	}
	return d.value.decode(e, g.children, d.valueName, depth+1)
}

// indices are the segments that index a list or map's elements, in order,
// up to the first gap. Every segment must be an index no larger than
// maxEntries, written without leading zeros.
func indices(elems params) ([]string, error) {
	var found []string
	for seg := range elems.segments {
		n, ok := parseIndex(seg)
		switch {
		case !ok:
			return nil, &FormError{Member: elems.path(), Value: seg, Message: "Member index must be a whole number from 1"}
		case n > maxEntries:
			return nil, &FormError{Member: elems.path(), Value: seg, Message: fmt.Sprintf("Member must have length less than or equal to %d", maxEntries)}
		}
		found = append(found, seg)
	}
	// Indices 1 to n, if all there, fill the n places; those beyond are
	// past a gap.
	segs := make([]string, len(found))
	for _, seg := range found {
		if n, _ := parseIndex(seg); n <= len(segs) {
			segs[n-1] = seg
		}
	}
	if gap := slices.Index(segs, ""); gap >= 0 {
		segs = segs[:gap]
	}
	return segs, nil
}

// parseIndex reads a positive decimal index; one too long to matter reads
// as maxEntries+1.
func parseIndex(s string) (int, bool) {
	if s == "" || s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		if n <= maxEntries {
			n = n*10 + int(s[i]-'0')
		}
	}
	return n, true
}
