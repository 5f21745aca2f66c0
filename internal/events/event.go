package events

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
)

// event is EventBridge's envelope, its members in AWS's order.
type event struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`

	// received is when EventBridge took the event in (its ingestion time).
	received time.Time
}

// timeFormat is how an event's time is written: RFC 3339 in UTC, to the
// second.
const timeFormat = "2006-01-02T15:04:05Z"

// newEvent wraps an entry's parts in the envelope.
func (s *Server) newEvent(id, source, detailType string, detail json.RawMessage, resources []string, at, received time.Time) event {
	if resources == nil {
		resources = []string{}
	}
	return event{Version: "0", ID: id, DetailType: detailType, Source: source, Account: s.cfg.Account,
		Time: at.UTC().Format(timeFormat), Region: s.cfg.Region, Resources: resources, Detail: detail, received: received}
}

// marshal is the event as JSON, compact and without HTML escapes, as AWS
// sends it.
func (e event) marshal() []byte {
	return marshalJSON(e)
}

// metadata is the event without its detail, as <aws.events.event> gives
// it to an input template: AWS names the detail type "detailType" there
// and gives the time the event was received.
func (e event) metadata() []byte {
	return marshalJSON(struct {
		ID         string   `json:"id"`
		Account    string   `json:"account"`
		DetailType string   `json:"detailType"`
		Time       string   `json:"time"`
		Source     string   `json:"source"`
		Region     string   `json:"region"`
		Resources  []string `json:"resources"`
		Version    string   `json:"version"`
	}{e.ID, e.Account, e.DetailType, e.received.UTC().Format(timeFormat), e.Source, e.Region, e.Resources, e.Version})
}

func marshalJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// derivedID is a UUID derived from seed: an event or delivery made again
// after a crash gets the id it had, and the delivery queue stores it once.
func derivedID(seed string) string { return lambda.DerivedUUID(seed) }
