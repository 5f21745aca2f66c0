package tracing

import (
	"context"
	"strings"
	"testing"
)

func TestHeaderRoundTrip(t *testing.T) {
	in := "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
	h, ok := ParseHeader(in)
	if !ok || !h.Sampled || !h.Decided || h.String() != in {
		t.Fatalf("parsed %+v, formatted %q", h, h.String())
	}
	for _, bad := range []string{"", "Root=2-5759e988-bd862e3fe1be46a994272793", "Root=1-5759e988-zz", "Parent=53995c3f42cd8ad8"} {
		if _, ok := ParseHeader(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if h, _ := ParseHeader("Root=1-5759e988-bd862e3fe1be46a994272793"); h.Decided {
		t.Error("a header without Sampled decided sampling")
	}
}

// TestStartWithoutExporter keeps the trace of the caller and makes this
// invocation the parent of what follows, even with tracing off.
func TestStartWithoutExporter(t *testing.T) {
	var tr *Tracer
	s := tr.Start(context.Background(), Invocation{Function: "f", Header: "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"})
	if !strings.HasPrefix(s.RuntimeHeader(), "Root=1-5759e988-bd862e3fe1be46a994272793") || !strings.HasSuffix(s.RuntimeHeader(), "Sampled=1") {
		t.Errorf("runtime header %q", s.RuntimeHeader())
	}
	fresh := tr.Start(context.Background(), Invocation{Function: "f"})
	if h, ok := ParseHeader(fresh.RuntimeHeader()); !ok || h.Sampled {
		t.Errorf("a passive function got %q", fresh.RuntimeHeader())
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	f.Add("Root=1-00000000-000000000000000000000000")
	f.Add(";;Root=;Parent=zz;Sampled=2")
	f.Fuzz(func(t *testing.T, v string) {
		h, ok := ParseHeader(v)
		if !ok {
			return
		}
		again, ok2 := ParseHeader(h.String())
		if !ok2 || again.Trace != h.Trace || again.Parent != h.Parent || again.Sampled != h.Sampled {
			t.Fatalf("%q → %q does not round-trip", v, h.String())
		}
	})
}
