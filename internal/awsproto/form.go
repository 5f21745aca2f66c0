package awsproto

import (
	"fmt"
	"net/url"
	"reflect"
)

// Limits that keep a hostile request from making DecodeForm allocate
// without bound or recurse without end.
const (
	// maxEntries is the largest index a list or map may use.
	maxEntries = 10000
	// maxDepth is how deeply structures may nest inside one another.
	maxDepth = 32
)

// DecodeForm fills the struct that v points to from a query-protocol
// request's parameters.
//
// Scalars are strings, booleans ("true", "false"), integers, floats,
// time.Time (RFC 3339, or seconds since the epoch) and []byte (base64).
// A field's wire name is its Go name, or the name in a `query:"Name"` tag;
// `query:"-"` skips the field. Nested structures are read from Prefix.Field,
// lists from Name.member.N (Name.N when the tag says "flattened"; "member=X"
// names the element, and for a flattened list replaces the list's own name as
// botocore does) and maps from Name.entry.N.key and Name.entry.N.value
// ("flattened" drops "entry"; "key=K" and "value=V" rename the two halves).
// Indices start at 1 and are read until the first gap. A list sent as the
// bare name with no elements decodes to an empty, non-nil slice. Pointers
// stay nil when their parameter is absent; fields whose parameters are absent
// are left as they are, and parameters that name no field are ignored.
//
// A value that does not fit its field is reported as a *FormError; a v that
// is not a pointer to a struct, or a struct whose fields the protocol cannot
// carry, as a plain error.
func DecodeForm(values url.Values, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("awsproto: decode form: want a non-nil pointer to a struct, got %T", v)
	}
	s, err := structPlan(rv.Elem().Type())
	if err != nil {
		return err
	}
	return s.decodeFields(rv.Elem(), newParams(values), 0)
}

// A FormError is a parameter whose value does not fit its member.
type FormError struct {
	// Member is the parameter's wire name, such as "Tags.member.2.Key".
	Member string
	// Value is the offending value (or index, for a bad list index).
	Value string
	// Message is the constraint the value breaks, worded as AWS words its
	// validation errors: "Member must be a number".
	Message string
}

func (e *FormError) Error() string {
	return fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: %s", e.Value, e.Member, e.Message)
}
