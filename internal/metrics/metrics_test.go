package metrics

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logs"
	"github.com/virga-dev/virga/internal/pool"
)

type fakePool []pool.Stats

func (f fakePool) Stats() []pool.Stats { return f }

type fakeQueue map[string]uint64

func (f fakeQueue) DepthByFunction(context.Context) (map[string]uint64, error) { return f, nil }

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return rec.Body.String()
}

func TestExposition(t *testing.T) {
	m := New()
	queue := fakeQueue{"f": 3}
	m.Watch(Sources{Environments: fakePool{{Function: "f", Version: "1", Busy: 2, Idle: 1, ProvisionedTarget: 4, ProvisionedBusy: 1, MemoryMB: 384}}, Queue: queue})
	cfg := lambda.FunctionConfiguration{FunctionName: "f", Version: "1"}
	m.ColdStart(cfg, 80*time.Millisecond)
	m.Invoked(cfg, logs.Report{Duration: 3 * time.Millisecond}, "")
	m.Invoked(cfg, logs.Report{Duration: 5 * time.Millisecond}, "Unhandled")
	m.Throttled("f", "1")
	m.EventAttempted("f", time.Second)
	m.EventDropped("f")
	m.DestinationDelivered("f", "Success")
	out := scrape(t, m)
	for _, want := range []string{
		`virga_invocations_total{function="f",version="1"} 2`,
		`virga_errors_total{function="f",version="1"} 1`,
		`virga_throttles_total{function="f",version="1"} 1`,
		`virga_cold_starts_total{function="f",version="1"} 1`,
		`virga_init_duration_seconds_count{function="f",version="1"} 1`,
		`virga_duration_seconds_count{function="f",version="1"} 2`,
		`virga_concurrent_executions{function="f",version="1"} 2`,
		`virga_provisioned_concurrency_utilization{function="f",version="1"} 0.25`,
		`virga_environments{state="idle"} 1`,
		`virga_memory_reserved_bytes 4.02653184e+08`,
		`virga_async_queue_depth{function="f"} 3`,
		`virga_async_events_dropped_total{function="f"} 1`,
		`virga_async_destination_deliveries_total{condition="Success",function="f"} 1`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %s", want)
		}
	}
	delete(queue, "f")
	if out := scrape(t, m); !strings.Contains(out, `virga_async_queue_depth{function="f"} 0`+"\n") {
		t.Error("a drained queue's depth is not reported as 0")
	}
}

// BenchmarkInvoked is what the metrics add to every invocation.
func BenchmarkInvoked(b *testing.B) {
	m := New()
	cfg := lambda.FunctionConfiguration{FunctionName: "f", Version: "$LATEST"}
	r := logs.Report{Duration: 3 * time.Millisecond}
	b.ReportAllocs()
	for b.Loop() {
		m.Invoked(cfg, r, "")
	}
}
