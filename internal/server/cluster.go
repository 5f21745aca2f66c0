package server

import (
	"context"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/cluster"
	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/metrics"
	"github.com/virga-dev/virga/internal/store"
)

// joinCluster announces this server among the servers on the store and
// keeps its view of them (one member alone on the embedded store).
func joinCluster(ctx context.Context, cfg Config, st *store.Store, addr net.Addr, runner *runningPool, limiter *concurrency.Limiter) (*cluster.Membership, error) {
	name, url := nodeIdentity(cfg, addr)
	m, err := cluster.Open(ctx, st, cluster.Config{Node: name, URL: url, Logger: cfg.Logger, Load: func() cluster.Load {
		return load(runner, limiter)
	}})
	if err != nil {
		return nil, err
	}
	return m, m.Start(ctx)
}

// nodeIdentity is this server's name and the URL other servers reach it
// at: host name and port of the listen address unless configured.
func nodeIdentity(cfg Config, addr net.Addr) (name, url string) {
	host, port, _ := net.SplitHostPort(addr.String())
	hostname, err := os.Hostname()
	if err != nil {
		hostname = "localhost"
	}
	name = cfg.NodeName
	if name == "" {
		name = net.JoinHostPort(hostname, port)
	}
	url = cfg.NodeURL
	if url == "" {
		if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
			host = hostname
		}
		url = "http://" + net.JoinHostPort(host, port)
	}
	return name, url
}

// load is what this server's heartbeat reports.
func load(runner *runningPool, limiter *concurrency.Limiter) cluster.Load {
	l := cluster.Load{Inflight: limiter.Running()}
	seen := map[string]bool{}
	for _, st := range runner.Stats() {
		l.Environments += st.Busy + st.Idle + st.Provisioned + st.Starting
		l.Provisioned += st.Provisioned + st.ProvisionedBusy
		if st.Idle+st.Provisioned > 0 && !seen[st.Function] {
			seen[st.Function] = true
			l.Warm = append(l.Warm, st.Function)
		}
	}
	return l
}

// room says whether this server may start another environment of a
// function within its memory budget (none: always), or has one warm.
type room struct {
	runner   *runningPool
	budgetMB int
}

func (r room) HasRoom(function string) bool {
	if r.budgetMB <= 0 {
		return true
	}
	used, need := 0, 128
	for _, st := range r.runner.Stats() {
		used += st.MemoryMB
		if st.Function != function {
			continue
		}
		if st.Idle+st.Provisioned > 0 {
			return true
		}
		if n := st.Busy + st.Starting; n > 0 {
			need = st.MemoryMB / n
		}
	}
	return used+need <= r.budgetMB
}

// clusterHealth is the "cluster" part of the health check.
func clusterHealth(m *cluster.Membership) func() any {
	return func() any {
		return map[string]any{"node": m.Node(), "draining": m.Draining(), "members": m.Members()}
	}
}

// clusterMetrics shows the members to the metrics.
type clusterMetrics struct{ m *cluster.Membership }

func (c clusterMetrics) ClusterMembers() []metrics.Member {
	var out []metrics.Member
	for _, mb := range c.m.Members() {
		out = append(out, metrics.Member{Node: mb.Node, URL: mb.URL, Inflight: mb.Inflight, Environments: mb.Environments, Draining: mb.Draining})
	}
	return out
}

// forwarding serves h behind the forwarder of synchronous invocations.
func forwarding(cfg Config, m *cluster.Membership, runner *runningPool, nodeKey string, h http.Handler) http.Handler {
	return cluster.NewForwarder(m, room{runner: runner, budgetMB: cfg.MemoryMB}, nodeKey, h)
}

// drain is what a server does between SIGTERM and shutting down: it tells
// the others it drains (they stop sending it work, it forwards what still
// comes), hands back its leases, waits for the invocations running here
// (up to DrainTimeout; not when it is the only member) and leaves the
// cluster.
func drain(ctx context.Context, cfg Config, m *cluster.Membership, limiter *concurrency.Limiter, handBack []func()) {
	cfg.Logger.Info("draining", "node", m.Node(), "running", limiter.Running())
	m.Drain(ctx)
	for _, stop := range handBack {
		stop()
	}
	// A server alone has no one to hand work to: it stops as it always
	// did, and its HTTP shutdown waits for the calls in flight.
	deadline := time.Now().Add(cfg.DrainTimeout)
	alone := len(m.Members()) <= 1
	for !alone && limiter.Running() > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := limiter.Running(); n > 0 && !alone {
		cfg.Logger.Warn("drain timed out", "running", n, "after", cfg.DrainTimeout.String())
	}
	m.Leave(ctx)
	cfg.Logger.Info("left the cluster", "node", m.Node(), "members", strconv.Itoa(len(m.Members())))
}

// spreadNodes are the members provisioned concurrency spreads over.
type spreadNodes struct{ m *cluster.Membership }

func (n spreadNodes) Node() string { return n.m.Node() }

func (n spreadNodes) Live() (live, serving []string) {
	for _, mb := range n.m.Members() {
		live = append(live, mb.Node)
		if !mb.Draining {
			serving = append(serving, mb.Node)
		}
	}
	return live, serving
}
