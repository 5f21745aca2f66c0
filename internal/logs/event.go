package logs

import (
	"encoding/base64"
	"strings"
	"time"
)

// Event is one log event.
type Event struct {
	Group     string
	Stream    string
	Timestamp int64 // Unix milliseconds
	Message   string
	// Seq orders events in the store; zero before they are stored.
	Seq uint64
	// Ingested is when the event was stored (Unix milliseconds).
	Ingested int64
	// subject is the store's subject for Group and Stream when the event's
	// Stream has worked it out once for all its events; empty otherwise.
	subject string
}

// subject is the stream subject of a group's stream. Group and stream names
// hold characters NATS subjects may not, so both are base64url encoded.
func subject(group, stream string) string {
	return "logs." + encode(group) + "." + encode(stream)
}

func groupFilter(group string) string { return "logs." + encode(group) + ".>" }

func encode(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func decode(s string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return string(b), err
}

func decodeSubject(subj string) (group, stream string, ok bool) {
	parts := strings.Split(subj, ".")
	if len(parts) != 3 {
		return "", "", false
	}
	g, err1 := decode(parts[1])
	s, err2 := decode(parts[2])
	return g, s, err1 == nil && err2 == nil
}

func millis(t time.Time) int64 { return t.UnixMilli() }
