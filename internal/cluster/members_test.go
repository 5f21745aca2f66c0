package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st
}

// eventually polls cond for up to ten seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s: not within 10s", what)
}

// TestMembers: two servers see each other, one's draining and leaving.
func TestMembers(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	join := func(node string, warm ...string) *Membership {
		m, err := Open(ctx, st, Config{Node: node, URL: "http://" + node, Heartbeat: 100 * time.Millisecond,
			Load: func() Load { return Load{Inflight: 1, Warm: warm} }})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Start(ctx); err != nil {
			t.Fatal(err)
		}
		return m
	}
	a, b := join("a:1"), join("b:2", "f")
	defer a.Leave(ctx)
	eventually(t, "a sees b", func() bool { return len(a.Members()) == 2 })
	if p, ok := pick(a.Members(), "a:1", "f"); !ok || p.Node != "b:2" {
		t.Errorf("pick = %v %v, want b:2", p, ok)
	}
	b.Drain(ctx)
	eventually(t, "a sees b drain", func() bool {
		ms := a.Members()
		return len(ms) == 2 && ms[1].Draining
	})
	if _, ok := pick(a.Members(), "a:1", "f"); ok {
		t.Error("picked a draining member")
	}
	b.Leave(ctx)
	eventually(t, "a sees b leave", func() bool { return len(a.Members()) == 1 })
}

// TestRunning: what one server runs counts at the other until it closes.
func TestRunning(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	busy := concurrency.New(10)
	slot, _ := busy.Acquire("f")
	defer slot.Release()
	a := NewRunning(st.JetStream().Conn(), "a", busy.Counts)
	b := NewRunning(st.JetStream().Conn(), "b", concurrency.New(10).Counts)
	for _, r := range []*Running{a, b} {
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
	}
	defer b.Close()
	eventually(t, "b counts a's invocation", func() bool {
		shared, fn := b.Running("f")
		return shared == 1 && fn == 1
	})
	a.Close()
	eventually(t, "b forgets a", func() bool {
		shared, _ := b.Running("f")
		return shared == 0
	})
}
