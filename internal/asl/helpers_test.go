package asl

import (
	"encoding/json"
	"strings"
	"testing"
)

// decode parses JSON the way the executor does, with json.Number.
func decode(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return v
}

// obj parses a JSON object.
func obj(t testing.TB, s string) map[string]any {
	t.Helper()
	return decode(t, s).(map[string]any)
}

// same compares v with the JSON text want.
func same(t testing.TB, got any, want string) {
	t.Helper()
	if g, w := compact(got), compact(decode(t, want)); g != w {
		t.Errorf("got %s, want %s", g, w)
	}
}

// failsWith checks err is an *Error with the given name and cause.
func failsWith(t testing.TB, err error, name, cause string) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error %v (%T), want *Error %s", err, err, name)
	}
	if e.Name != name || e.Cause != cause {
		t.Errorf("error\n got %s: %s\nwant %s: %s", e.Name, e.Cause, name, cause)
	}
}
