package logs

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/store"
)

func openTestStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	bucket, err := st.Bucket(ctx, "loggroups")
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenStore(ctx, st.JetStream(), bucket, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(ctx) })
	return s
}

func readAll(t *testing.T, s *Store, q Query) []Event {
	t.Helper()
	var events []Event
	if err := s.Read(context.Background(), q, func(e Event) error { events = append(events, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return events
}

func TestGroups(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)

	t.Run("CreatedByFirstWrite", func(t *testing.T) {
		s.Append([]Event{{Group: "/aws/lambda/f", Stream: "a", Timestamp: 1, Message: "x\n"}})
		s.Flush(ctx)
		g, err := s.Group(ctx, "/aws/lambda/f")
		if err != nil || g.Created == 0 {
			t.Fatalf("group = %+v, %v", g, err)
		}
	})
	t.Run("CreateTwice", func(t *testing.T) {
		if err := s.CreateGroup(ctx, Group{Name: "mine"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateGroup(ctx, Group{Name: "mine"}); !errors.Is(err, aws.ErrAlreadyExists) {
			t.Fatalf("second create = %v", err)
		}
	})
	t.Run("ListByPrefix", func(t *testing.T) {
		groups, err := s.Groups(ctx, "/aws/")
		if err != nil || len(groups) != 1 || groups[0].Name != "/aws/lambda/f" {
			t.Fatalf("groups = %+v, %v", groups, err)
		}
	})
	t.Run("DeleteRemovesEvents", func(t *testing.T) {
		if err := s.DeleteGroup(ctx, "/aws/lambda/f"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Group(ctx, "/aws/lambda/f"); !errors.Is(err, aws.ErrNotFound) {
			t.Fatalf("group after delete: %v", err)
		}
		if n, _ := s.subjectCounts(ctx, groupFilter("/aws/lambda/f")); len(n) != 0 {
			t.Fatalf("events left: %v", n)
		}
		s.Append([]Event{{Group: "/aws/lambda/f", Stream: "b", Timestamp: 2, Message: "y\n"}})
		s.Flush(ctx)
		if _, err := s.Group(ctx, "/aws/lambda/f"); err != nil {
			t.Fatalf("a write after delete did not create the group again: %v", err)
		}
	})
}

func TestStreams(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	if err := s.CreateGroup(ctx, Group{Name: "g"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateStream(ctx, "g", "empty"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateStream(ctx, "g", "empty"); !errors.Is(err, aws.ErrAlreadyExists) {
		t.Fatalf("second create = %v", err)
	}
	if err := s.CreateStream(ctx, "nope", "x"); !errors.Is(err, aws.ErrNotFound) {
		t.Fatalf("create in missing group = %v", err)
	}
	if err := s.Put(ctx, []Event{{Group: "g", Stream: "busy", Timestamp: 100, Message: "a"}, {Group: "g", Stream: "busy", Timestamp: 200, Message: "b"}}); err != nil {
		t.Fatal(err)
	}
	names, err := s.StreamNames(ctx, "g")
	if err != nil || len(names) != 2 || names[0] != "busy" || names[1] != "empty" {
		t.Fatalf("names = %v, %v", names, err)
	}
	busy, err := s.Stream(ctx, "g", "busy")
	if err != nil || busy.FirstEvent != 100 || busy.LastEvent != 200 || busy.LastIngestion == 0 || busy.Created == 0 {
		t.Fatalf("busy = %+v, %v", busy, err)
	}
	empty, err := s.Stream(ctx, "g", "empty")
	if err != nil || empty.Created == 0 || empty.LastEvent != 0 {
		t.Fatalf("empty = %+v, %v", empty, err)
	}
	if _, err := s.Stream(ctx, "g", "none"); !errors.Is(err, aws.ErrNotFound) {
		t.Fatalf("missing stream: %v", err)
	}
	if sizes, _ := s.StoredBytes(ctx); sizes["g"] <= 0 {
		t.Fatalf("stored bytes = %v", sizes)
	}
}

func TestRetention(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	now := time.Now()
	old, fresh := now.Add(-3*day).UnixMilli(), now.UnixMilli()
	if err := s.CreateGroup(ctx, Group{Name: "g"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, []Event{
		{Group: "g", Stream: "a", Timestamp: old, Message: "old 1"},
		{Group: "g", Stream: "b", Timestamp: old, Message: "old 2"},
		{Group: "g", Stream: "a", Timestamp: fresh, Message: "fresh"},
		{Group: "other", Stream: "a", Timestamp: old, Message: "other group"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRetention(ctx, "g", 2); !errors.Is(err, aws.ErrInvalid) {
		t.Fatalf("2 days = %v", err)
	}
	if err := s.SetRetention(ctx, "g", 1); err != nil {
		t.Fatal(err)
	}
	events := readAll(t, s, Query{Group: "g"})
	if len(events) != 1 || events[0].Message != "fresh" {
		t.Fatalf("after retention: %+v", events)
	}
	if counts, _ := s.subjectCounts(ctx, groupFilter("g")); counts[subject("g", "b")] != 0 || counts[subject("g", "a")] != 1 {
		t.Fatalf("stored after retention: %v", counts)
	}
	if events := readAll(t, s, Query{Group: "other"}); len(events) != 1 {
		t.Fatalf("another group lost events: %+v", events)
	}

	t.Run("Background", func(t *testing.T) {
		if err := s.Put(ctx, []Event{{Group: "g", Stream: "c", Timestamp: now.Add(-25 * time.Hour).UnixMilli(), Message: "late"}}); err != nil {
			t.Fatal(err)
		}
		// The late old event sits behind "fresh": it stays stored until
		// everything before it expires.
		r := NewRetention(s, time.Hour, nil)
		r.expireAll(ctx)
		if counts, _ := s.subjectCounts(ctx, groupFilter("g")); counts[subject("g", "c")] != 1 {
			t.Fatalf("stored: %v", counts)
		}
		if _, err := s.UpdateGroup(ctx, "g", func(g *Group) error { g.RetentionDays = 1; return nil }); err != nil {
			t.Fatal(err)
		}
		if err := s.Expire(ctx, "g", now.Add(time.Minute).UnixMilli()); err != nil {
			t.Fatal(err)
		}
		if counts, _ := s.subjectCounts(ctx, groupFilter("g")); len(counts) != 0 {
			t.Fatalf("stored after everything expired: %v", counts)
		}
	})
	t.Run("Run", func(t *testing.T) {
		if err := s.Put(ctx, []Event{{Group: "g", Stream: "d", Timestamp: now.Add(-25 * time.Hour).UnixMilli(), Message: "old"}}); err != nil {
			t.Fatal(err)
		}
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			NewRetention(s, time.Millisecond, nil).Run(runCtx)
		}()
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
			if counts, _ := s.subjectCounts(ctx, groupFilter("g")); len(counts) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("expired event not removed by the running sweep")
			}
		}
		stop()
		<-done
	})
}

func TestBatches(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	var want []string
	for i := range 50 {
		msg := fmt.Sprintf("line %d\n", i)
		s.Append([]Event{{Group: "g", Stream: []string{"a", "b"}[i%2], Timestamp: int64(i + 1), Message: msg}})
		want = append(want, msg)
	}
	events := readAll(t, s, Query{Group: "g", Streams: []string{"a"}})
	if len(events) != 25 {
		t.Fatalf("read %d events of stream a, want 25", len(events))
	}
	for i, e := range events {
		if e.Message != want[2*i] || i > 0 && e.Seq <= events[i-1].Seq {
			t.Fatalf("event %d = %+v after %+v", i, e, events[max(i-1, 0)])
		}
	}
	if counts, _ := s.subjectCounts(ctx, groupFilter("g")); counts[subject("g", "a")] >= 25 {
		t.Fatalf("%d messages for 25 events appended at once: not batched", counts[subject("g", "a")])
	}
	t.Run("ResumeInsideABatch", func(t *testing.T) {
		rest := readAll(t, s, Query{Group: "g", Streams: []string{"a"}, After: events[9].Seq})
		if len(rest) != 15 || rest[0].Message != events[10].Message {
			t.Fatalf("after event 9: %d events, first %+v", len(rest), rest[0])
		}
	})
	t.Run("OneEventPerMessageStillReads", func(t *testing.T) {
		if err := s.Put(ctx, []Event{{Group: "g", Stream: "c", Timestamp: 1, Message: "put"}}); err != nil {
			t.Fatal(err)
		}
		if got := readAll(t, s, Query{Group: "g", Streams: []string{"c"}}); len(got) != 1 || got[0].Message != "put" {
			t.Fatalf("read %+v", got)
		}
	})
}
