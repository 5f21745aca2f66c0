package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

func TestBatcher(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stream, err := s.JetStream().CreateStream(ctx, jetstream.StreamConfig{Name: "B", Subjects: []string{"b.>"}})
	if err != nil {
		t.Fatal(err)
	}
	join := func(rs []string) []byte { return []byte(strings.Join(rs, ",")) }
	b := NewBatcher(s.JetStream(), time.Hour, join, func(r string) int { return len(r) })
	b.Add("b.x", "1", "2")
	b.Add("b.y", "a")
	b.Add("b.x", "3")
	if info, _ := stream.Info(ctx); info.State.Msgs != 0 {
		t.Fatalf("%d messages stored before the linger or a flush", info.State.Msgs)
	}
	b.Close(ctx)
	for seq, want := range map[uint64]string{1: "1,2,3", 2: "a"} {
		msg, err := stream.GetMsg(ctx, seq)
		if err != nil || string(msg.Data) != want {
			t.Fatalf("message %d = %v, %v; want %q", seq, msg, err, want)
		}
	}

	t.Run("Linger", func(t *testing.T) {
		b := NewBatcher(s.JetStream(), time.Millisecond, join, func(r string) int { return len(r) })
		defer b.Close(ctx)
		b.Add("b.z", "late")
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
			if _, err := stream.GetLastMsgForSubject(ctx, "b.z"); err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("not stored after the linger")
			}
		}
	})
}

func TestBatchFit(t *testing.T) {
	b := &Batcher[int]{size: func(n int) int { return n }}
	for _, c := range []struct {
		sizes []int
		want  int
	}{
		{[]int{10, 10, 10}, 3},
		{[]int{maxBatchBytes/2 + 1, maxBatchBytes/2 + 1, 10}, 1},
		{[]int{2 * maxBatchBytes, 10}, 1},
		{make([]int, MaxBatchRecords+5), MaxBatchRecords},
	} {
		if got := b.fit(c.sizes); got != c.want {
			t.Errorf("fit of %d records = %d, want %d", len(c.sizes), got, c.want)
		}
	}
}

// TestBatcherResends: a message the store does not take, as while a
// stream has no leader, is published again until it does, and kept once.
func TestBatcherResends(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	join := func(rs []string) []byte { return []byte(strings.Join(rs, ",")) }
	b := NewBatcher(s.JetStream(), time.Millisecond, join, func(r string) int { return len(r) })
	defer b.Close(ctx)
	b.Add("r.x", "1", "2")
	time.Sleep(2 * time.Second) // published into no stream, refused past the client's own retries
	stream, err := s.JetStream().CreateStream(ctx, jetstream.StreamConfig{Name: "R", Subjects: []string{"r.>"}})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if msg, err := stream.GetLastMsgForSubject(ctx, "r.x"); err == nil {
			if string(msg.Data) != "1,2" {
				t.Fatalf("stored %q", msg.Data)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the refused message was never stored")
		}
	}
	b.Flush(ctx)
	if info, _ := stream.Info(ctx); info.State.Msgs != 1 {
		t.Fatalf("%d messages stored, want 1", info.State.Msgs)
	}
}
