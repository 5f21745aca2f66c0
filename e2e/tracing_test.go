package e2e

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otlpReceiver collects the spans exported to it over OTLP/HTTP.
type otlpReceiver struct {
	mu    sync.Mutex
	spans []*tracepb.Span
}

func (r *otlpReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	var msg coltrace.ExportTraceServiceRequest
	if err := proto.Unmarshal(body, &msg); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	for _, rs := range msg.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			r.spans = append(r.spans, ss.Spans...)
		}
	}
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-protobuf")
	b, _ := proto.Marshal(&coltrace.ExportTraceServiceResponse{})
	w.Write(b)
}

func (r *otlpReceiver) named(name string) *tracepb.Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.spans {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// TestTracing follows one trace from a caller's X-Amzn-Trace-Id through a
// function and, by its success destination, into a second function.
func TestTracing(t *testing.T) {
	recv := &otlpReceiver{}
	collector := httptest.NewServer(recv)
	defer collector.Close()
	s := startServer(t, "--otlp-endpoint", collector.URL, "--async-retry-base", "100ms")
	printer := map[string]string{"app.py": "import os\ndef handler(event, context):\n    print('TRACE', os.environ.get('_X_AMZN_TRACE_ID'))\n    return {'ok': 1}\n"}
	createFn(t, s, "second", "python3.12", "app.handler", printer, nil)
	createFn(t, s, "first", "python3.12", "app.handler", printer, func(in *lambda.CreateFunctionInput) {
		in.TracingConfig = &types.TracingConfig{Mode: types.TracingModeActive}
	})
	configureAsync(t, s, "first", 0, 0, fnARN(s, "second"), "")

	const root = "5759e988bd862e3fe1be46a994272793"
	resp := s.send(t, "POST", "/2015-03-31/functions/first/invocations", []byte(`{}`), s.admin.AccessKeyID, s.admin.SecretAccessKey,
		map[string]string{"X-Amz-Invocation-Type": "Event", "X-Amzn-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"})
	if resp.status != 202 {
		t.Fatalf("status %d %s", resp.status, resp.body)
	}
	var first, second, init *tracepb.Span
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && (first == nil || second == nil || init == nil); time.Sleep(200 * time.Millisecond) {
		first, second, init = recv.named("first"), recv.named("second"), recv.named("init")
	}
	if first == nil || second == nil || init == nil {
		t.Fatalf("spans first %v, second %v, init %v", first != nil, second != nil, init != nil)
	}
	if hex.EncodeToString(first.TraceId) != root || hex.EncodeToString(first.ParentSpanId) != "53995c3f42cd8ad8" {
		t.Errorf("first span: trace %x parent %x", first.TraceId, first.ParentSpanId)
	}
	if hex.EncodeToString(second.TraceId) != root || string(second.ParentSpanId) != string(first.SpanId) {
		t.Errorf("second span: trace %x parent %x, want parent %x", second.TraceId, second.ParentSpanId, first.SpanId)
	}
	attrs := map[string]string{}
	for _, kv := range first.Attributes {
		attrs[kv.Key] = kv.Value.String()
	}
	if !strings.Contains(attrs["faas.name"], "first") || !strings.Contains(attrs["faas.coldstart"], "true") {
		t.Errorf("first span attributes %v", attrs)
	}
	if !strings.Contains(logText(t, s, "second"), "TRACE Root=1-5759e988-bd862e3fe1be46a994272793;Parent=") {
		t.Errorf("the second function did not see the trace:\n%s", logText(t, s, "second"))
	}
}
