package awsproto

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/google/go-cmp/cmp"
)

// decodeAll reads every message of an event stream with aws-sdk-go-v2's
// decoder, which checks both CRCs.
func decodeAll(t testing.TB, stream []byte) []eventstream.Message {
	t.Helper()
	dec := eventstream.NewDecoder()
	r := bytes.NewReader(stream)
	var msgs []eventstream.Message
	for {
		m, err := dec.Decode(r, nil)
		if errors.Is(err, io.EOF) {
			return msgs
		}
		if err != nil {
			t.Fatalf("decode message %d: %v", len(msgs), err)
		}
		msgs = append(msgs, m)
	}
}

func headerMap(m eventstream.Message) map[string]string {
	out := map[string]string{}
	for _, h := range m.Headers {
		out[h.Name] = h.Value.String()
	}
	return out
}

func TestAppendEventMessage(t *testing.T) {
	var stream []byte
	var err error
	for _, m := range []struct {
		headers []EventHeader
		payload string
	}{
		{Event("PayloadChunk", "application/octet-stream"), "hello, "},
		{Event("PayloadChunk", "application/octet-stream"), "\x00\xffbinary"},
		{Event("InvokeComplete", "application/json"), `{"LogResult":"U1RBUlQ="}`},
		{nil, ""},
	} {
		if stream, err = AppendEventMessage(stream, m.headers, []byte(m.payload)); err != nil {
			t.Fatal(err)
		}
	}
	msgs := decodeAll(t, stream)
	if len(msgs) != 4 {
		t.Fatalf("decoded %d messages, want 4", len(msgs))
	}
	want := map[string]string{":event-type": "PayloadChunk", ":content-type": "application/octet-stream", ":message-type": "event"}
	if diff := cmp.Diff(want, headerMap(msgs[0])); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
	for i, p := range []string{"hello, ", "\x00\xffbinary", `{"LogResult":"U1RBUlQ="}`, ""} {
		if string(msgs[i].Payload) != p {
			t.Errorf("payload %d = %q, want %q", i, msgs[i].Payload, p)
		}
	}
	if h := headerMap(msgs[2]); h[":event-type"] != "InvokeComplete" || h[":content-type"] != "application/json" {
		t.Errorf("InvokeComplete headers %v", h)
	}
}

func TestAppendEventMessageLimits(t *testing.T) {
	for name, m := range map[string]struct {
		headers []EventHeader
		payload int
	}{
		"EmptyName":      {headers: []EventHeader{{"", "v"}}},
		"LongName":       {headers: []EventHeader{{strings.Repeat("n", 256), "v"}}},
		"LongValue":      {headers: []EventHeader{{"n", strings.Repeat("v", 1<<15)}}},
		"LargePayload":   {payload: maxEventPayload + 1},
		"ManyHeaderData": {headers: repeatHeaders(5, strings.Repeat("v", 30000))},
	} {
		t.Run(name, func(t *testing.T) {
			dst := []byte("kept")
			got, err := AppendEventMessage(dst, m.headers, make([]byte, m.payload))
			if err == nil || string(got) != "kept" {
				t.Errorf("got %d bytes, %v; want an error and dst unchanged", len(got), err)
			}
		})
	}
}

func repeatHeaders(n int, value string) []EventHeader {
	hs := make([]EventHeader, n)
	for i := range hs {
		hs[i] = EventHeader{Name: string(rune('a' + i)), Value: value}
	}
	return hs
}

// FuzzAppendEventMessage checks that whatever the encoder accepts, AWS's
// decoder reads back unchanged.
func FuzzAppendEventMessage(f *testing.F) {
	f.Add(":event-type", "PayloadChunk", []byte("chunk"))
	f.Add("x", "", []byte{})
	f.Add(strings.Repeat("n", 255), "\x00\xff", []byte{0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, name, value string, payload []byte) {
		headers := []EventHeader{{name, value}, {":message-type", "event"}}
		stream, err := AppendEventMessage([]byte("prefix"), headers, payload)
		if err != nil {
			return
		}
		msgs := decodeAll(t, stream[len("prefix"):])
		if len(msgs) != 1 || !bytes.Equal(msgs[0].Payload, payload) || len(msgs[0].Headers) != 2 ||
			msgs[0].Headers[0].Name != name || msgs[0].Headers[0].Value.String() != value {
			t.Fatalf("decoded %+v", msgs)
		}
	})
}
