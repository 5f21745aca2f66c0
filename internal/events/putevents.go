package events

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
)

// entry is one event of a PutEvents request.
type entry struct {
	Time         *timestamp
	Source       *string
	Resources    []string
	DetailType   *string
	Detail       *string
	EventBusName string
	TraceHeader  *string
}

// timestamp reads json 1.1's timestamps: seconds since 1970, or an RFC
// 3339 string as some clients send.
type timestamp struct{ time.Time }

func (t *timestamp) UnmarshalJSON(b []byte) error {
	var secs float64
	if err := json.Unmarshal(b, &secs); err == nil {
		t.Time = time.UnixMilli(int64(secs * 1000)).UTC()
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.Parse(time.RFC3339, s)
	t.Time = v
	return err
}

type putEventsInput struct {
	Entries    []entry
	EndpointId string
}

// resultOf is one entry's answer: its event id, or why it failed.
type resultOf struct {
	EventId      string `json:",omitempty"`
	ErrorCode    string `json:",omitempty"`
	ErrorMessage string `json:",omitempty"`
}

func (s *Server) putEvents(c *awsproto.Call) error {
	var in putEventsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if err := checkEntries(in.Entries); err != nil {
		return err
	}
	received := time.Now().UTC()
	out := struct {
		FailedEntryCount int
		Entries          []resultOf
	}{Entries: make([]resultOf, len(in.Entries))}
	rules := &busRulesOnce{s: s, rules: map[string][]Rule{}}
	for i, e := range in.Entries {
		out.Entries[i] = s.putEntry(c.R.Context(), rules, e, lambda.NewUUID(), received)
		if out.Entries[i].ErrorCode != "" {
			out.FailedEntryCount++
		}
	}
	return c.Reply(http.StatusOK, out)
}

// putEntry checks one entry and routes its event.
func (s *Server) putEntry(ctx context.Context, rules *busRulesOnce, e entry, id string, received time.Time) resultOf {
	if code, msg := checkEntry(e); code != "" {
		return resultOf{ErrorCode: code, ErrorMessage: msg}
	}
	ev := s.entryEvent(e, id, received)
	busRules, err := rules.of(ctx, busName(e.EventBusName))
	if err == nil {
		err = s.route(ctx, busRules, ev)
	}
	if err != nil {
		s.log.Error("routing an event failed", "id", id, "err", err)
		return resultOf{ErrorCode: "InternalFailure", ErrorMessage: "Internal Failure"}
	}
	return resultOf{EventId: id}
}

// entryEvent wraps a checked entry in the envelope.
func (s *Server) entryEvent(e entry, id string, received time.Time) event {
	at := received
	if e.Time != nil {
		at = e.Time.Time
	}
	var detail bytes.Buffer
	_ = json.Compact(&detail, []byte(*e.Detail))
	return s.newEvent(id, *e.Source, *e.DetailType, detail.Bytes(), e.Resources, at, received)
}

// checkEntries checks the request as a whole: its count, its members and
// its size.
func checkEntries(entries []entry) error {
	var v aws.Violations
	switch {
	case entries == nil:
		v.Null("entries")
	case len(entries) > maxEntriesPerPut:
		v.Add(javaEntries(entries), "entries", fmt.Sprintf("Member must have length less than or equal to %d", maxEntriesPerPut))
	case len(entries) == 0:
		v.Add("[]", "entries", "Member must have length greater than or equal to 1")
	}
	size := 0
	for i, e := range entries {
		v.Text(e.EventBusName, fmt.Sprintf("entries.%d.member.eventBusName", i+1), false, 1, 1600, nameOrARNRE, nameOrARNPattern)
		size += entrySize(e)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if size > maxPutEventsBytes {
		return aws.Errorf(aws.ErrTooLarge, "Total size of the entries in the request is over the limit.")
	}
	return nil
}

// entrySize is an entry's size as AWS counts it: 14 bytes for a time,
// and the bytes of its source, detail type, detail and resources.
func entrySize(e entry) int {
	n := 0
	if e.Time != nil {
		n += 14
	}
	for _, s := range []*string{e.Source, e.DetailType, e.Detail} {
		if s != nil {
			n += len(*s)
		}
	}
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

// checkEntry is an entry's own fault, as PutEvents reports it in the
// entry's place.
func checkEntry(e entry) (code, message string) {
	for _, f := range []struct {
		name  string
		value *string
	}{{"Source", e.Source}, {"DetailType", e.DetailType}, {"Detail", e.Detail}} {
		if f.value == nil || *f.value == "" {
			return "InvalidArgument", fmt.Sprintf("Parameter %s is not valid. Reason: %s is a required argument.", f.name, f.name)
		}
	}
	if strings.HasPrefix(*e.Source, "aws.") {
		return "NotAuthorizedForSourceException", "Not authorized for the source."
	}
	var detail map[string]json.RawMessage
	if json.Unmarshal([]byte(*e.Detail), &detail) != nil || detail == nil {
		return "MalformedDetail", "Detail is malformed."
	}
	return "", ""
}

// javaEntries renders entries as AWS's validation message quotes them.
func javaEntries(entries []entry) string {
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = fmt.Sprintf("PutEventsRequestEntry(time=%s, source=%s, resources=%s, detailType=%s, detail=%s, eventBusName=%s, traceHeader=%s, kmsKeyIdentifier=null, internalMetadata=null)",
			javaTime(e.Time), javaString(e.Source), javaList(e.Resources), javaString(e.DetailType), javaString(e.Detail),
			javaString(&e.EventBusName), javaString(e.TraceHeader))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func javaString(s *string) string {
	if s == nil || *s == "" {
		return "null"
	}
	return *s
}

func javaTime(t *timestamp) string {
	if t == nil {
		return "null"
	}
	return t.UTC().Format(time.RFC3339)
}

func javaList(l []string) string {
	if l == nil {
		return "null"
	}
	return "[" + strings.Join(l, ", ") + "]"
}
