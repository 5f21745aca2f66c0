// Package metrics measures functions the way Lambda's CloudWatch metrics do
// (invocations, errors, throttles, durations, cold starts, concurrency,
// asynchronous events) and the server's own health, and serves them in the
// Prometheus text format. The pool, the invoker and the dispatcher report
// to it through their own small Observer interfaces; everything else is read
// when Prometheus scrapes.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logs"
)

// durationBuckets span Lambda's durations, 1 ms to the 900 s timeout.
var durationBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 180, 900}

// Metrics holds the server's metrics.
type Metrics struct {
	registry *prometheus.Registry

	invocations  *prometheus.CounterVec
	errors       *prometheus.CounterVec
	throttles    *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	initDuration *prometheus.HistogramVec
	coldStarts   *prometheus.CounterVec
	eventAge     *prometheus.HistogramVec
	dropped      *prometheus.CounterVec
	deliveries   *prometheus.CounterVec
	emfSum       *prometheus.CounterVec
	emfCount     *prometheus.CounterVec

	series *Series
}

// New builds the metrics; Watch adds what is read at each scrape.
func New() *Metrics {
	version := []string{"function", "version"}
	m := &Metrics{
		registry: prometheus.NewRegistry(), series: NewSeries(Step, Window),
		invocations: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "virga_invocations_total",
			Help: "Invocations that ran, including those that ended in a function error."}, version),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "virga_errors_total",
			Help: "Invocations that ended in a function error (handled, unhandled, timeout or crash)."}, version),
		throttles: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "virga_throttles_total",
			Help: "Invocations refused for lack of concurrency (TooManyRequestsException)."}, version),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "virga_duration_seconds",
			Help: "Invocation duration, as the REPORT line's Duration.", Buckets: durationBuckets}, version),
		initDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "virga_init_duration_seconds",
			Help: "Init duration of cold starts, as the REPORT line's Init Duration.", Buckets: durationBuckets}, version),
		coldStarts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "virga_cold_starts_total",
			Help: "Execution environments started for an invocation that found none warm."}, version),
		eventAge: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "virga_async_event_age_seconds",
			Help: "Time from accepting an asynchronous event to each attempt to run it.", Buckets: durationBuckets}, []string{"function"}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "virga_async_events_dropped_total",
			Help: "Asynchronous events dropped because their function was deleted."}, []string{"function"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "virga_async_destination_deliveries_total",
			Help: "Destination records sent for processed asynchronous events, by condition."}, []string{"function", "condition"}),
	}
	m.emfSum, m.emfCount = newEMF()
	m.registry.MustRegister(m.invocations, m.errors, m.throttles, m.duration, m.initDuration, m.coldStarts,
		m.eventAge, m.dropped, m.deliveries, m.emfSum, m.emfCount,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Watch reports the state of src at each scrape.
func (m *Metrics) Watch(src Sources) { m.registry.MustRegister(newStateCollector(src)) }

// Series is each function's recent metrics, for the console's charts.
func (m *Metrics) Series() *Series { return m.series }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// ColdStart counts a cold start and its init duration.
func (m *Metrics) ColdStart(cfg lambda.FunctionConfiguration, init time.Duration) {
	m.coldStarts.WithLabelValues(cfg.FunctionName, cfg.Version).Inc()
	m.series.coldStart(cfg.FunctionName)
	if init > 0 {
		m.initDuration.WithLabelValues(cfg.FunctionName, cfg.Version).Observe(init.Seconds())
	}
}

// Invoked counts an invocation that ran.
func (m *Metrics) Invoked(cfg lambda.FunctionConfiguration, r logs.Report, functionError string) {
	m.invocations.WithLabelValues(cfg.FunctionName, cfg.Version).Inc()
	m.duration.WithLabelValues(cfg.FunctionName, cfg.Version).Observe(r.Duration.Seconds())
	m.series.invoked(cfg.FunctionName, r.Duration, functionError != "")
	if functionError != "" {
		m.errors.WithLabelValues(cfg.FunctionName, cfg.Version).Inc()
	}
}

// Throttled counts a throttled invocation.
func (m *Metrics) Throttled(function, version string) {
	m.throttles.WithLabelValues(function, version).Inc()
	m.series.throttled(function)
}

// EventAttempted records the age of an asynchronous event at an attempt.
func (m *Metrics) EventAttempted(function string, age time.Duration) {
	m.eventAge.WithLabelValues(function).Observe(age.Seconds())
}

// EventDropped counts an asynchronous event dropped.
func (m *Metrics) EventDropped(function string) { m.dropped.WithLabelValues(function).Inc() }

// DestinationDelivered counts a destination record sent.
func (m *Metrics) DestinationDelivered(function, condition string) {
	m.deliveries.WithLabelValues(function, condition).Inc()
}
