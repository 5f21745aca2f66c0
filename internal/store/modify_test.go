package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

type counter struct {
	N int `json:"n"`
}

func openBucket(t *testing.T) *Bucket {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	b, err := s.Bucket(ctx, "modify")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func increment(c *counter, _ bool) error {
	c.N++
	return nil
}

func TestModify(t *testing.T) {
	ctx := context.Background()
	b := openBucket(t)

	t.Run("CreatesWhenAbsent", func(t *testing.T) {
		var sawExists bool
		c, err := Modify(ctx, b, "created", func(c *counter, exists bool) error {
			sawExists = exists
			return increment(c, exists)
		})
		if err != nil || c.N != 1 || sawExists {
			t.Fatalf("got %+v %v, exists %v", c, err, sawExists)
		}
		if e, err := b.Get(ctx, "created"); err != nil || string(e.Value) != `{"n":1}` {
			t.Fatalf("stored %q %v", e.Value, err)
		}
	})

	t.Run("UpdatesWhenPresent", func(t *testing.T) {
		if _, err := b.Create(ctx, "present", []byte(`{"n":41}`)); err != nil {
			t.Fatal(err)
		}
		c, err := Modify(ctx, b, "present", increment)
		if err != nil || c.N != 42 {
			t.Fatalf("got %+v %v", c, err)
		}
	})

	t.Run("KeepWritesNothing", func(t *testing.T) {
		rev, _ := b.Create(ctx, "kept", []byte(`{"n":1}`))
		c, err := Modify(ctx, b, "kept", func(c *counter, _ bool) error {
			c.N = 99
			return Keep
		})
		if err != nil || c.N != 99 {
			t.Fatalf("got %+v %v", c, err)
		}
		if e, _ := b.Get(ctx, "kept"); e.Revision != rev || string(e.Value) != `{"n":1}` {
			t.Fatalf("stored %q at %d, want unchanged at %d", e.Value, e.Revision, rev)
		}
		if _, err := Modify(ctx, b, "never", func(*counter, bool) error { return Keep }); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Get(ctx, "never"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("absent key kept: %v", err)
		}
	})

	t.Run("RemoveDeletes", func(t *testing.T) {
		b.Create(ctx, "removed", []byte(`{"n":1}`))
		if _, err := Modify(ctx, b, "removed", func(*counter, bool) error { return Remove }); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Get(ctx, "removed"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("after remove: %v", err)
		}
		if _, err := Modify(ctx, b, "removed", func(*counter, bool) error { return Remove }); err != nil {
			t.Fatalf("remove absent: %v", err)
		}
	})

	t.Run("ChangeErrorPassesThrough", func(t *testing.T) {
		b.Create(ctx, "refused", []byte(`{"n":1}`))
		refused := errors.New("refused")
		if _, err := Modify(ctx, b, "refused", func(*counter, bool) error { return refused }); err != refused {
			t.Fatalf("got %v, want the change's own error", err)
		}
		if e, _ := b.Get(ctx, "refused"); string(e.Value) != `{"n":1}` {
			t.Fatalf("stored %q after a refused change", e.Value)
		}
	})

	t.Run("UndecodableValue", func(t *testing.T) {
		b.Create(ctx, "garbage", []byte(`not json`))
		if _, err := Modify(ctx, b, "garbage", increment); err == nil {
			t.Fatal("no error for a value that is not JSON")
		}
	})
}

func TestModifyRetriesConflicts(t *testing.T) {
	ctx := context.Background()
	b := openBucket(t)

	t.Run("ConcurrentWriters", func(t *testing.T) {
		const writers = 16
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := Modify(ctx, b, "count", increment)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		c, err := Modify(ctx, b, "count", func(*counter, bool) error { return Keep })
		if err != nil || c.N != writers {
			t.Fatalf("count %d %v, want %d", c.N, err, writers)
		}
	})

	t.Run("ChangeSeesTheNewerValue", func(t *testing.T) {
		b.Create(ctx, "raced", []byte(`{"n":1}`))
		var seen []int
		c, err := Modify(ctx, b, "raced", func(c *counter, exists bool) error {
			seen = append(seen, c.N)
			if len(seen) == 1 {
				// another writer comes first
				if _, err := Modify(ctx, b, "raced", increment); err != nil {
					return err
				}
			}
			return increment(c, exists)
		})
		if err != nil || c.N != 3 || len(seen) != 2 || seen[1] != 2 {
			t.Fatalf("got %+v %v, change saw %v", c, err, seen)
		}
	})
}

func TestExpiringBucket(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	b, err := s.ExpiringBucket(ctx, "expiring", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Create(ctx, "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(ctx, "k"); err != nil {
		t.Fatalf("fresh entry: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, err := b.Get(ctx, "k"); !errors.Is(err, ErrNotFound); _, err = b.Get(ctx, "k") {
		if time.Now().After(deadline) {
			t.Fatalf("entry still there after its TTL: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
