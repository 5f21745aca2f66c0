package metrics

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/virga-dev/virga/internal/lambda"
)

// emfLabels are the labels of metrics that functions print in CloudWatch's
// Embedded Metric Format.
var emfLabels = []string{"function", "namespace", "metric", "unit", "dimensions"}

func newEMF() (sum, count *prometheus.CounterVec) {
	sum = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "virga_emf_value_sum",
		Help: "Sum of the values functions printed in Embedded Metric Format."}, emfLabels)
	count = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "virga_emf_value_count",
		Help: "Values functions printed in Embedded Metric Format."}, emfLabels)
	return sum, count
}

// emfDocument is the part of an EMF line that says what to record.
type emfDocument struct {
	AWS struct {
		CloudWatchMetrics []struct {
			Namespace  string
			Dimensions [][]string
			Metrics    []struct{ Name, Unit string }
		}
	} `json:"_aws"`
}

// EmbeddedMetrics records the metrics of one EMF log line of a function;
// a line that is not valid EMF is ignored, as CloudWatch does.
func (m *Metrics) EmbeddedMetrics(cfg lambda.FunctionConfiguration, line []byte) {
	var doc emfDocument
	var fields map[string]json.RawMessage
	if json.Unmarshal(line, &doc) != nil || json.Unmarshal(line, &fields) != nil {
		return
	}
	for _, d := range doc.AWS.CloudWatchMetrics {
		dims := dimensions(d.Dimensions, fields)
		for _, metric := range d.Metrics {
			for _, v := range values(fields[metric.Name]) {
				labels := []string{cfg.FunctionName, d.Namespace, metric.Name, metric.Unit, dims}
				m.emfSum.WithLabelValues(labels...).Add(v)
				m.emfCount.WithLabelValues(labels...).Inc()
			}
		}
	}
}

// dimensions renders the first dimension set as "k=v,k=v" in key order.
func dimensions(sets [][]string, fields map[string]json.RawMessage) string {
	if len(sets) == 0 {
		return ""
	}
	var parts []string
	for _, key := range sets[0] {
		var v string
		if json.Unmarshal(fields[key], &v) == nil {
			parts = append(parts, key+"="+v)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// values reads a metric value: a number or an array of numbers.
func values(raw json.RawMessage) []float64 {
	var one float64
	if json.Unmarshal(raw, &one) == nil {
		return []float64{one}
	}
	var many []float64
	_ = json.Unmarshal(raw, &many)
	return many
}
