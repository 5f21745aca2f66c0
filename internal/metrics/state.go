package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/virga-dev/virga/internal/pool"
)

// Environments counts the execution environments of each function version.
type Environments interface {
	Stats() []pool.Stats
}

// Queue counts the asynchronous events waiting or running per function.
type Queue interface {
	DepthByFunction(ctx context.Context) (map[string]uint64, error)
}

// Sources are read at each scrape.
type Sources struct {
	Environments Environments
	Queue        Queue
}

// stateCollector reports the state of environments and queues as it is
// when Prometheus scrapes.
type stateCollector struct {
	src                                             Sources
	concurrent, provisioned, utilization, envs, mem *prometheus.Desc
	queueDepth                                      *prometheus.Desc

	mu     sync.Mutex
	queued map[string]bool // functions that had events: their depth stays reported, 0 when drained
}

func newStateCollector(src Sources) *stateCollector {
	version := []string{"function", "version"}
	return &stateCollector{
		src: src, queued: map[string]bool{},
		concurrent: prometheus.NewDesc("virga_concurrent_executions",
			"Invocations running now.", version, nil),
		provisioned: prometheus.NewDesc("virga_provisioned_concurrency",
			"Provisioned concurrency being kept.", version, nil),
		utilization: prometheus.NewDesc("virga_provisioned_concurrency_utilization",
			"Share of the provisioned environments running an invocation (0 to 1).", version, nil),
		envs: prometheus.NewDesc("virga_environments",
			"Execution environments by state: busy, idle, provisioned (initialized, waiting), starting.", []string{"state"}, nil),
		mem: prometheus.NewDesc("virga_memory_reserved_bytes",
			"Memory reserved by every execution environment (MemorySize each).", nil, nil),
		queueDepth: prometheus.NewDesc("virga_async_queue_depth",
			"Asynchronous events accepted and not yet processed.", []string{"function"}, nil),
	}
}

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.concurrent, c.provisioned, c.utilization, c.envs, c.mem, c.queueDepth} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	var busy, idle, provisioned, starting, memMB int
	for _, st := range c.src.Environments.Stats() {
		gauge(c.concurrent, float64(st.Busy), st.Function, st.Version)
		if st.ProvisionedTarget > 0 {
			gauge(c.provisioned, float64(st.ProvisionedTarget), st.Function, st.Version)
			gauge(c.utilization, float64(st.ProvisionedBusy)/float64(st.ProvisionedTarget), st.Function, st.Version)
		}
		busy, idle, provisioned, starting = busy+st.Busy, idle+st.Idle, provisioned+st.Provisioned, starting+st.Starting
		memMB += st.MemoryMB
	}
	gauge(c.envs, float64(busy), "busy")
	gauge(c.envs, float64(idle), "idle")
	gauge(c.envs, float64(provisioned), "provisioned")
	gauge(c.envs, float64(starting), "starting")
	gauge(c.mem, float64(memMB)*(1<<20))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	depth, err := c.src.Queue.DepthByFunction(ctx)
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for fn := range depth {
		c.queued[fn] = true
	}
	for fn := range c.queued {
		gauge(c.queueDepth, float64(depth[fn]), fn)
	}
}
