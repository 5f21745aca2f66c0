package store

import (
	"context"
	"errors"
	"testing"
)

func TestValues(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b, err := st.Bucket(ctx, "values")
	if err != nil {
		t.Fatal(err)
	}
	type rec struct{ N int }
	for _, k := range []string{"a.2", "a.1", "b.1"} {
		if err := Create(ctx, b, k, rec{N: len(k)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := Create(ctx, b, "a.1", rec{}); !errors.Is(err, ErrExists) {
		t.Errorf("second create: %v", err)
	}
	if _, err := Get[rec](ctx, b, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get missing: %v", err)
	}
	list, err := List[rec](ctx, b, "a.")
	if err != nil || len(list) != 2 {
		t.Errorf("list: %v %v", list, err)
	}
}
