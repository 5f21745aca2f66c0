// Package tracing exports a span per invocation (and per init) over OTLP,
// off unless an endpoint is configured, and carries AWS's X-Amzn-Trace-Id
// through the runtime, so that a chain of functions shares one trace.
package tracing

import (
	"context"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Tracer starts invocation spans. A nil *Tracer traces nothing but still
// hands runtimes their trace header.
type Tracer struct {
	tp *sdktrace.TracerProvider
	tr trace.Tracer
}

// New exports to an OTLP/HTTP endpoint ("http://127.0.0.1:4318"); with an
// empty endpoint it returns nil, and tracing is off.
func New(ctx context.Context, endpoint string) (*Tracer, error) {
	if endpoint == "" {
		return nil, nil
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(endpoint+"/v1/traces"))
	if err != nil {
		return nil, fmt.Errorf("otlp exporter: %w", err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Second)),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", "virga"))),
	)
	return &Tracer{tp: tp, tr: tp.Tracer("github.com/virga-dev/virga")}, nil
}

// Shutdown exports what is buffered.
func (t *Tracer) Shutdown(ctx context.Context) {
	if t != nil {
		_ = t.tp.Shutdown(ctx)
	}
}

// Invocation describes one invocation for its span.
type Invocation struct {
	Function, Version, ARN, RequestID string
	// Header is the caller's X-Amzn-Trace-Id, if any; Active is the
	// function's TracingConfig.Mode == "Active".
	Header string
	Active bool
}

// Span is an invocation in progress.
type Span struct {
	tr     trace.Tracer
	span   trace.Span
	ctx    context.Context
	header Header
}

// Start begins inv's span, sampled when the caller asked for it or the
// function traces actively, as X-Ray decides.
func (t *Tracer) Start(ctx context.Context, inv Invocation) *Span {
	h, ok := ParseHeader(inv.Header)
	if !ok {
		h = Header{Trace: newTraceID()}
	}
	if !h.Decided {
		h.Sampled = inv.Active
	}
	s := &Span{ctx: ctx, header: h}
	if t == nil || !h.Sampled {
		return s
	}
	// The caller's trace (and span, if it named one) is this span's parent.
	ctx = trace.ContextWithSpanContext(ctx, trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: h.Trace, SpanID: h.Parent, TraceFlags: trace.FlagsSampled, Remote: h.Parent.IsValid(),
	}))
	s.tr = t.tr
	s.ctx, s.span = t.tr.Start(ctx, inv.Function, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
		attribute.String("faas.name", inv.Function), attribute.String("faas.version", inv.Version),
		attribute.String("faas.invocation_id", inv.RequestID), attribute.String("cloud.resource_id", inv.ARN),
		attribute.String("cloud.provider", "aws"),
	))
	// Without a caller's span the SDK starts a trace of its own: the runtime
	// must get that one.
	sc := s.span.SpanContext()
	s.header.Trace, s.header.Parent = sc.TraceID(), sc.SpanID()
	return s
}

// RuntimeHeader is the trace header the runtime and any event this
// invocation causes carry: the same trace, this span as the parent.
func (s *Span) RuntimeHeader() string { return s.header.String() }

// End closes the span. A cold start adds an init span (its first
// initDuration); functionError marks the span failed.
func (s *Span) End(begin time.Time, initDuration time.Duration, functionError string) {
	if s.span == nil {
		return
	}
	s.span.SetAttributes(attribute.Bool("faas.coldstart", initDuration > 0))
	if initDuration > 0 {
		_, init := s.tr.Start(s.ctx, "init", trace.WithTimestamp(begin))
		init.End(trace.WithTimestamp(begin.Add(initDuration)))
	}
	if functionError != "" {
		s.span.SetStatus(codes.Error, functionError)
	}
	s.span.End()
}
