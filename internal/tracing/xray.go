package tracing

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	"go.opentelemetry.io/otel/trace"
)

// Header is a parsed X-Amzn-Trace-Id ("Root=1-5759e988-bd862e3fe1be46a994272793;
// Parent=53995c3f42cd8ad8;Sampled=1"), the form Lambda passes to runtimes as
// Lambda-Runtime-Trace-Id and _X_AMZN_TRACE_ID.
type Header struct {
	Trace   trace.TraceID
	Parent  trace.SpanID // zero when the caller named none
	Sampled bool
	Decided bool // the caller said Sampled=0 or Sampled=1
}

// ParseHeader reads an X-Amzn-Trace-Id value; ok is false when it has no
// valid Root.
func ParseHeader(v string) (h Header, ok bool) {
	for _, part := range strings.Split(v, ";") {
		key, val, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch key {
		case "Root":
			id, good := parseRoot(val)
			if !good {
				return Header{}, false
			}
			h.Trace, ok = id, true
		case "Parent":
			if b, err := hex.DecodeString(val); err == nil && len(b) == 8 {
				copy(h.Parent[:], b)
			}
		case "Sampled":
			h.Sampled, h.Decided = val == "1", val == "0" || val == "1"
		}
	}
	return h, ok
}

// parseRoot reads "1-<8 hex time>-<24 hex>".
func parseRoot(v string) (trace.TraceID, bool) {
	var id trace.TraceID
	if len(v) != 35 || v[0] != '1' || v[1] != '-' || v[10] != '-' {
		return id, false
	}
	b, err := hex.DecodeString(v[2:10] + v[11:])
	if err != nil {
		return id, false
	}
	copy(id[:], b)
	return id, id.IsValid()
}

// String formats the header as Lambda passes it on.
func (h Header) String() string {
	t := hex.EncodeToString(h.Trace[:])
	s := "Root=1-" + t[:8] + "-" + t[8:]
	if h.Parent.IsValid() {
		s += ";Parent=" + hex.EncodeToString(h.Parent[:])
	}
	if h.Sampled {
		return s + ";Sampled=1"
	}
	return s + ";Sampled=0"
}

// newTraceID makes a trace id whose first four bytes are free for the time,
// as X-Ray's are; random is enough for Virga.
func newTraceID() trace.TraceID {
	var id trace.TraceID
	_, _ = rand.Read(id[:])
	return id
}
