package awsproto

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// plans caches, per struct type, the decoders of its fields.
var plans sync.Map // reflect.Type → *structDecoder

// structPlan returns the decoder of struct type t, building and caching it
// (and those of the structs it holds) on first use.
func structPlan(t reflect.Type) (*structDecoder, error) {
	if d, ok := plans.Load(t); ok {
		return d.(*structDecoder), nil
	}
	b := planner{building: map[reflect.Type]*structDecoder{}}
	d, err := b.structDecoder(t)
	if err != nil {
		return nil, fmt.Errorf("awsproto: %w", err)
	}
	for t, d := range b.building {
		plans.LoadOrStore(t, d)
	}
	return d, nil
}

// planner builds decoders; building holds the structs under way, so that a
// recursive type refers to its own decoder.
type planner struct {
	building map[reflect.Type]*structDecoder
}

func (b planner) structDecoder(t reflect.Type) (*structDecoder, error) {
	if d, ok := plans.Load(t); ok {
		return d.(*structDecoder), nil
	}
	if d, ok := b.building[t]; ok {
		return d, nil
	}
	d := &structDecoder{}
	b.building[t] = d
	seen := map[string]bool{}
	for i := range t.NumField() {
		f, ok, err := b.field(t.Field(i))
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t, t.Field(i).Name, err)
		}
		if !ok {
			continue
		}
		if seen[f.name] {
			return nil, fmt.Errorf("%s.%s: wire name %q used twice", t, t.Field(i).Name, f.name)
		}
		seen[f.name] = true
		d.fields = append(d.fields, f)
	}
	return d, nil
}

// field builds the decoder of a struct field; ok is false for a field the
// form does not carry.
func (b planner) field(sf reflect.StructField) (f field, ok bool, err error) {
	if !sf.IsExported() {
		return field{}, false, nil
	}
	tag, err := parseTag(sf)
	if err != nil || tag.skip {
		return field{}, false, err
	}
	dec, err := b.decoder(sf.Type, tag)
	if err != nil {
		return field{}, false, err
	}
	return field{index: sf.Index[0], name: tag.name, dec: dec}, true, nil
}

// decoder builds the decoder of type t; tag's list and map options apply to
// t itself, never to the types t holds.
func (b planner) decoder(t reflect.Type, tag tag) (decoder, error) {
	if parse := scalarParser(t); parse != nil {
		return scalarDecoder{parse}, tag.only()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return b.ptrDecoder(t, tag)
	case reflect.Struct:
		if err := tag.only(); err != nil {
			return nil, err
		}
		return b.structDecoder(t)
	case reflect.Slice:
		return b.listDecoder(t, tag)
	case reflect.Map:
		return b.mapDecoder(t, tag)
	}
	return nil, fmt.Errorf("type %s cannot be sent in a form", t)
}

func (b planner) ptrDecoder(t reflect.Type, tag tag) (decoder, error) {
	if k := t.Elem().Kind(); k == reflect.Pointer || k == reflect.Map || (k == reflect.Slice && scalarParser(t.Elem()) == nil) {
		return nil, fmt.Errorf("type %s: pointers to pointers, lists and maps are not supported", t)
	}
	elem, err := b.decoder(t.Elem(), tag)
	if err != nil {
		return nil, err
	}
	return ptrDecoder{elem: elem, scalar: scalarParser(t.Elem()) != nil}, nil
}

func (b planner) listDecoder(t reflect.Type, tag tag) (decoder, error) {
	if err := tag.only("flattened", "member"); err != nil {
		return nil, err
	}
	elem, err := b.decoder(t.Elem(), tag.inner())
	if err != nil {
		return nil, err
	}
	d := listDecoder{elem: elem, flattened: tag.flattened, member: tag.member}
	if !d.flattened && d.member == "" {
		d.member = "member"
	}
	return d, nil
}

func (b planner) mapDecoder(t reflect.Type, tag tag) (decoder, error) {
	if err := tag.only("flattened", "key", "value"); err != nil {
		return nil, err
	}
	if scalarParser(t.Key()) == nil {
		return nil, fmt.Errorf("map key type %s is not a scalar", t.Key())
	}
	key, err := b.decoder(t.Key(), tag.inner())
	if err != nil {
		return nil, err
	}
	value, err := b.decoder(t.Elem(), tag.inner())
	if err != nil {
		return nil, err
	}
	return mapDecoder{
		key: key, value: value, flattened: tag.flattened,
		keyName: cmp.Or(tag.key, "key"), valueName: cmp.Or(tag.value, "value"),
	}, nil
}

// tag is a field's `query:"Name,option,…"` tag.
type tag struct {
	name      string
	skip      bool
	flattened bool
	member    string
	key       string
	value     string
}

func parseTag(sf reflect.StructField) (tag, error) {
	s, _ := sf.Tag.Lookup("query")
	if s == "-" {
		return tag{skip: true}, nil
	}
	name, opts, _ := strings.Cut(s, ",")
	t := tag{name: cmp.Or(name, sf.Name)}
	for opts != "" {
		var opt string
		opt, opts, _ = strings.Cut(opts, ",")
		if err := t.set(opt); err != nil {
			return tag{}, err
		}
	}
	return t, nil
}

func (t *tag) set(opt string) error {
	k, v, hasValue := strings.Cut(opt, "=")
	switch {
	case k == "flattened" && !hasValue:
		t.flattened = true
	case k == "member" && v != "":
		t.member = v
	case k == "key" && v != "":
		t.key = v
	case k == "value" && v != "":
		t.value = v
	default:
		return fmt.Errorf("unknown query tag option %q", opt)
	}
	return nil
}

// only reports an error if the tag sets an option other than those allowed.
func (t tag) only(allowed ...string) error {
	set := map[string]bool{"flattened": t.flattened, "member": t.member != "", "key": t.key != "", "value": t.value != ""}
	for opt, on := range set {
		if on && !slices.Contains(allowed, opt) {
			return fmt.Errorf("query tag option %q does not apply to this type", opt)
		}
	}
	return nil
}

// inner is the tag of the types a list or map holds: none of its options.
func (t tag) inner() tag { return tag{name: t.name} }
