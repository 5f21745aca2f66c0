package store

import (
	"context"
	"errors"
	"testing"
)

func TestBucketSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Bucket(ctx, "things")
	if err != nil {
		t.Fatal(err)
	}
	rev, err := b.Create(ctx, "a", []byte("1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Create(ctx, "a", []byte("2")); !errors.Is(err, ErrExists) {
		t.Fatalf("second create: %v", err)
	}
	if _, err := b.Update(ctx, "a", []byte("2"), rev+10); !errors.Is(err, ErrRevision) {
		t.Fatalf("stale update: %v", err)
	}
	if _, err := b.Update(ctx, "a", []byte("2"), rev); err != nil {
		t.Fatal(err)
	}
	blobs, err := s.Blobs(ctx, "code")
	if err != nil {
		t.Fatal(err)
	}
	if err := blobs.Put(ctx, "x", []byte("zip")); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(ctx, Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, _ = s.Bucket(ctx, "things")
	e, err := b.Get(ctx, "a")
	if err != nil || string(e.Value) != "2" {
		t.Fatalf("after reopen: %q %v", e.Value, err)
	}
	if _, err := b.Get(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	if err := b.Delete(ctx, "a", 0); err != nil {
		t.Fatal(err)
	}
	if keys, _ := b.Keys(ctx); len(keys) != 0 {
		t.Fatalf("keys after delete: %v", keys)
	}
	blobs, _ = s.Blobs(ctx, "code")
	if data, err := blobs.Get(ctx, "x"); err != nil || string(data) != "zip" {
		t.Fatalf("blob: %q %v", data, err)
	}
}
