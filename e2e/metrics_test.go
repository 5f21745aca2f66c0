package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape reads /metrics, with the data directory's bearer token, with the
// Prometheus text parser.
func (s *server) scrape(t *testing.T) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := s.getMetrics("Bearer " + s.metricsToken())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET /metrics: %s", resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families
}

// sample finds the metric of a family with the given labels (nil if none).
func sample(families map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	f := families[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range labels {
			if have[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

// value is a counter's or gauge's value, or a histogram's count; -1 when absent.
func value(families map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	m := sample(families, name, labels)
	switch {
	case m == nil:
		return -1
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Histogram != nil:
		return float64(m.Histogram.GetSampleCount())
	}
	return -1
}

func TestMetrics(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createFn(t, s, "m", "python3.12", "app.handler", map[string]string{"app.py": recorder}, nil)
	for n := range 3 {
		invoke(t, s, "m", map[string]any{"n": n})
	}
	if out := invoke(t, s, "m", map[string]any{"fail": true}); out.FunctionError == nil {
		t.Fatal("the failing invocation did not fail")
	}
	if _, err := c.PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("m"), ReservedConcurrentExecutions: aws.Int32(0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("m")}); err == nil {
		t.Fatal("an invocation with reserved concurrency 0 was not throttled")
	}
	if _, err := c.DeleteFunctionConcurrency(ctx(t), &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("m")}); err != nil {
		t.Fatal(err)
	}

	latest := map[string]string{"function": "m", "version": "$LATEST"}
	t.Run("Invocations", func(t *testing.T) {
		var f map[string]*dto.MetricFamily
		eventually(t, "every invocation counted", func() bool {
			f = s.scrape(t)
			return value(f, "virga_invocations_total", latest) == 4
		})
		for _, want := range []struct {
			name string
			v    float64
		}{
			{"virga_invocations_total", 4}, {"virga_errors_total", 1}, {"virga_throttles_total", 1},
			{"virga_duration_seconds", 4}, {"virga_cold_starts_total", 1}, {"virga_init_duration_seconds", 1},
			{"virga_concurrent_executions", 0},
		} {
			if got := value(f, want.name, latest); got != want.v {
				t.Errorf("%s = %v, want %v", want.name, got, want.v)
			}
		}
		if sum := sample(f, "virga_duration_seconds", latest).Histogram.GetSampleSum(); sum <= 0 || sum > 10 {
			t.Errorf("duration sum %v s", sum)
		}
		if got := value(f, "virga_environments", map[string]string{"state": "idle"}); got != 1 {
			t.Errorf("idle environments = %v", got)
		}
		if got := value(f, "virga_memory_reserved_bytes", nil); got != 128<<20 {
			t.Errorf("memory reserved = %v", got)
		}
	})
	t.Run("EmbeddedMetricFormat", func(t *testing.T) {
		emf := `import json
def handler(event, context):
    print(json.dumps({"_aws": {"Timestamp": 1574109732004, "CloudWatchMetrics": [{"Namespace": "shop",
        "Dimensions": [["service"]], "Metrics": [{"Name": "orders", "Unit": "Count"}]}]},
        "service": "cart", "orders": event["n"]}))
`
		createFn(t, s, "emf", "python3.12", "app.handler", map[string]string{"app.py": emf}, nil)
		invoke(t, s, "emf", map[string]any{"n": 2})
		invoke(t, s, "emf", map[string]any{"n": 5})
		labels := map[string]string{"function": "emf", "namespace": "shop", "metric": "orders", "unit": "Count", "dimensions": "service=cart"}
		var f map[string]*dto.MetricFamily
		eventually(t, "both EMF lines counted", func() bool {
			f = s.scrape(t)
			return value(f, "virga_emf_value_count", labels) == 2
		})
		if sum, n := value(f, "virga_emf_value_sum", labels), value(f, "virga_emf_value_count", labels); sum != 7 || n != 2 {
			t.Errorf("EMF orders: sum %v count %v, want 7 and 2", sum, n)
		}
	})
	t.Run("Async", func(t *testing.T) {
		createFn(t, s, "sink", "python3.12", "app.handler", map[string]string{"app.py": sink}, nil)
		configureAsync(t, s, "m", 0, 0, fnARN(s, "sink"), "")
		acceptedEvent(t, s, "m", `{"n": 7}`)
		records(t, s, 1, 20*time.Second)
		f := s.scrape(t)
		if got := value(f, "virga_async_event_age_seconds", map[string]string{"function": "m"}); got != 1 {
			t.Errorf("event age samples = %v", got)
		}
		if got := value(f, "virga_async_destination_deliveries_total", map[string]string{"function": "m", "condition": "Success"}); got != 1 {
			t.Errorf("destination deliveries = %v", got)
		}
		if got := value(f, "virga_invocations_total", latest); got != 5 {
			t.Errorf("invocations after the event = %v", got)
		}
	})
	t.Run("QueueDepth", func(t *testing.T) {
		createFn(t, s, "slow", "python3.12", "app.handler", map[string]string{"app.py": "import time\ndef handler(e, c):\n    time.sleep(1)\n"}, nil)
		slow := map[string]string{"function": "slow"}
		acceptedEvent(t, s, "slow", `{}`)
		acceptedEvent(t, s, "slow", `{}`)
		if got := value(s.scrape(t), "virga_async_queue_depth", slow); got < 1 || got > 2 {
			t.Errorf("queue depth with two events = %v", got)
		}
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			if value(s.scrape(t), "virga_async_queue_depth", slow) == 0 {
				return
			}
		}
		t.Errorf("queue depth never went back to 0")
	})
	t.Run("Provisioned", func(t *testing.T) {
		if _, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("m")}); err != nil {
			t.Fatal(err)
		}
		_, err := c.PutProvisionedConcurrencyConfig(ctx(t), &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("m"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(1)})
		if err != nil {
			t.Fatal(err)
		}
		waitProvisioned(t, c, "m", "1", types.ProvisionedConcurrencyStatusEnumReady)
		v1 := map[string]string{"function": "m", "version": "1"}
		f := s.scrape(t)
		if value(f, "virga_provisioned_concurrency", v1) != 1 || value(f, "virga_provisioned_concurrency_utilization", v1) != 0 ||
			value(f, "virga_environments", map[string]string{"state": "provisioned"}) != 1 {
			t.Errorf("provisioned: target %v, utilization %v, environments %v", value(f, "virga_provisioned_concurrency", v1),
				value(f, "virga_provisioned_concurrency_utilization", v1), value(f, "virga_environments", map[string]string{"state": "provisioned"}))
		}
		if _, err := c.Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("m"), Qualifier: aws.String("1")}); err != nil {
			t.Fatal(err)
		}
		// The caller is answered before the platform's own work, metrics
		// included: they follow within milliseconds.
		eventually(t, "version 1 counts the invocation", func() bool {
			f = s.scrape(t)
			return value(f, "virga_invocations_total", v1) == 1
		})
		if got := value(f, "virga_cold_starts_total", v1); got != -1 {
			t.Errorf("a provisioned environment counted as a cold start: %v", got)
		}
	})
}
