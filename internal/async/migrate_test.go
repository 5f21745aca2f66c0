package async

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestMigrate fills the EVENTS stream as earlier versions did and moves it
// into the delivery queue.
func TestMigrate(t *testing.T) {
	js, q := openStore(t)
	ctx := context.Background()
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: "EVENTS", Subjects: []string{"events.>"},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage, Duplicates: 2 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreateOrUpdateConsumer(ctx, "EVENTS", jetstream.ConsumerConfig{Durable: "dispatch", AckPolicy: jetstream.AckExplicitPolicy}); err != nil {
		t.Fatal(err)
	}
	for i, data := range []string{
		`{"requestId":"r1","function":"a","payload":{"n":1},"accepted":"2025-01-02T03:04:05Z"}`,
		`{not json`,
		`{"requestId":"r2","function":"b","qualifier":"live","payload":{"n":2},"clientContext":"cc","traceId":"Root=1",` +
			`"accepted":"2025-01-02T03:04:05Z","attempts":1,"notBefore":"2025-01-02T03:05:05Z"}`,
	} {
		msg := &nats.Msg{Subject: "events.x", Data: []byte(data), Header: nats.Header{}}
		msg.Header.Set(jetstream.MsgIDHeader, string(rune('a'+i)))
		if _, err := js.PublishMsg(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	moved, err := Migrate(ctx, js, q)
	if err != nil || moved != 2 {
		t.Fatalf("moved %d: %v", moved, err)
	}
	if _, err := js.Stream(ctx, "EVENTS"); !errors.Is(err, jetstream.ErrStreamNotFound) {
		t.Errorf("the old stream stays: %v", err)
	}
	all := stored(t, js)
	if len(all) != 2 {
		t.Fatalf("%d deliveries", len(all))
	}
	accepted := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	if d := all[0]; d.ID != "r1" || d.Target.Name != "a" || string(d.Payload) != `{"n":1}` || !d.Accepted.Equal(accepted) || d.Attempts != 0 {
		t.Errorf("first %+v", d)
	}
	if d := all[1]; d.ID != "r2" || d.Target.Name != "b:live" || d.Attempts != 1 || !d.NotBefore.Equal(accepted.Add(time.Minute)) ||
		d.Attributes[attrClientContext] != "cc" || d.Attributes[attrTrace] != "Root=1" {
		t.Errorf("second %+v", d)
	}
	if depth, err := q.DepthByFunction(ctx); err != nil || depth["a"] != 1 || depth["b"] != 1 {
		t.Errorf("depth %v %v", depth, err)
	}
	if moved, err := Migrate(ctx, js, q); moved != 0 || err != nil {
		t.Errorf("a second migration moved %d: %v", moved, err)
	}
}
