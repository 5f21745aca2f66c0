// Package audit is Virga's trail of what was asked of it: every
// control-plane write and every refusal, recorded by the front door as a
// CloudTrail event (who, from where, what, of what, with what result) in a
// JetStream stream that keeps them for a bounded time and size, and read
// back by account, newest first.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Retention bounds the trail: events older than KeepFor go, and the oldest
// go first once the trail holds KeepBytes.
const (
	KeepFor   = 90 * 24 * time.Hour
	KeepBytes = 1 << 30
)

// Identity is who made a request, as CloudTrail's userIdentity names it.
type Identity struct {
	Type        string `json:"type"` // Root, AssumedRole, or "" for unsigned requests
	PrincipalID string `json:"principalId,omitempty"`
	ARN         string `json:"arn,omitempty"`
	AccountID   string `json:"accountId,omitempty"`
	AccessKeyID string `json:"accessKeyId,omitempty"`
	UserName    string `json:"userName,omitempty"`
}

// Event is one recorded request, in CloudTrail's record format.
type Event struct {
	EventVersion      string            `json:"eventVersion"`
	EventID           string            `json:"eventID"`
	EventTime         time.Time         `json:"eventTime"`
	EventSource       string            `json:"eventSource"`
	EventName         string            `json:"eventName"`
	AWSRegion         string            `json:"awsRegion"`
	SourceIPAddress   string            `json:"sourceIPAddress"`
	UserAgent         string            `json:"userAgent,omitempty"`
	UserIdentity      Identity          `json:"userIdentity"`
	RequestParameters map[string]string `json:"requestParameters,omitempty"`
	Resources         []string          `json:"resources,omitempty"`
	ErrorCode         string            `json:"errorCode,omitempty"`
	ErrorMessage      string            `json:"errorMessage,omitempty"`
	RequestID         string            `json:"requestID"`
	ReadOnly          bool              `json:"readOnly"`
	EventType         string            `json:"eventType"`
	// RecipientAccountID is the account whose trail holds the event: the
	// caller's, or the administrator's for a request no key signed.
	RecipientAccountID string `json:"recipientAccountId"`
}

// Trail is the stream of events.
type Trail struct {
	js     jetstream.JetStream
	stream jetstream.Stream
}

// Open opens (creating if needed) the AUDIT stream.
func Open(ctx context.Context, js jetstream.JetStream) (*Trail, error) {
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: "AUDIT", Subjects: []string{"audit.>"}, Storage: jetstream.FileStorage,
		MaxAge: KeepFor, MaxBytes: KeepBytes, Discard: jetstream.DiscardOld,
	})
	if err != nil {
		return nil, fmt.Errorf("open audit stream: %w", err)
	}
	return &Trail{js: js, stream: st}, nil
}

// Record stores e durably in its recipient account's trail: it returns once
// the store has it.
func (t *Trail) Record(ctx context.Context, e Event) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := t.js.Publish(ctx, subject(e.RecipientAccountID), data); err != nil {
		return fmt.Errorf("record audit event: %w", err)
	}
	return nil
}

func subject(account string) string { return "audit." + account }
