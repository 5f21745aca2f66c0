package async

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// legacyStream is where Virga kept events before the delivery queue.
const legacyStream = "EVENTS"

// Migrate moves the events an earlier Virga left in its EVENTS stream into
// q, with their attempt counts and retry times, then removes that stream.
// Each event is stored in q before it is removed from the old stream, so a
// crash midway repeats a move and loses none. It returns how many moved.
func Migrate(ctx context.Context, js jetstream.JetStream, q *Queue) (int, error) {
	st, err := js.Stream(ctx, legacyStream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("open old event stream: %w", err)
	}
	moved := 0
	for seq := uint64(1); ; {
		msg, err := st.GetMsg(ctx, seq, jetstream.WithGetMsgSubject("events.>"))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			return moved, fmt.Errorf("read old event stream: %w", err)
		}
		var ev Event
		if json.Unmarshal(msg.Data, &ev) == nil { // an undecodable event was never going to run
			if err := q.Enqueue(ctx, ev); err != nil {
				return moved, err
			}
			moved++
		}
		if err := st.DeleteMsg(ctx, msg.Sequence); err != nil {
			return moved, fmt.Errorf("remove moved event: %w", err)
		}
		seq = msg.Sequence + 1
	}
	if err := js.DeleteStream(ctx, legacyStream); err != nil {
		return moved, fmt.Errorf("remove old event stream: %w", err)
	}
	return moved, nil
}
