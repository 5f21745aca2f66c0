package metrics

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// Member is one server of a cluster as the metrics show it.
type Member struct {
	Node, URL              string
	Inflight, Environments int
	Draining               bool
}

// Members lists the servers of the cluster, this one included.
type Members interface {
	ClusterMembers() []Member
}

// WatchMembers reports the cluster's members at each scrape.
func (m *Metrics) WatchMembers(src Members) { m.registry.MustRegister(newMembersCollector(src)) }

type membersCollector struct {
	src                         Members
	count, info, inflight, envs *prometheus.Desc
}

func newMembersCollector(src Members) *membersCollector {
	node := []string{"node"}
	return &membersCollector{
		src:      src,
		count:    prometheus.NewDesc("virga_cluster_members", "Servers of the cluster heard from within three heartbeats, this one included.", nil, nil),
		info:     prometheus.NewDesc("virga_cluster_member_info", "One per member: its name, URL and whether it drains.", []string{"node", "url", "draining"}, nil),
		inflight: prometheus.NewDesc("virga_cluster_member_inflight", "Invocations a member ran at its last heartbeat.", node, nil),
		envs:     prometheus.NewDesc("virga_cluster_member_environments", "Execution environments a member held at its last heartbeat.", node, nil),
	}
}

func (c *membersCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.count, c.info, c.inflight, c.envs} {
		ch <- d
	}
}

func (c *membersCollector) Collect(ch chan<- prometheus.Metric) {
	members := c.src.ClusterMembers()
	ch <- prometheus.MustNewConstMetric(c.count, prometheus.GaugeValue, float64(len(members)))
	for _, m := range members {
		ch <- prometheus.MustNewConstMetric(c.info, prometheus.GaugeValue, 1, m.Node, m.URL, strconv.FormatBool(m.Draining))
		ch <- prometheus.MustNewConstMetric(c.inflight, prometheus.GaugeValue, float64(m.Inflight), m.Node)
		ch <- prometheus.MustNewConstMetric(c.envs, prometheus.GaugeValue, float64(m.Environments), m.Node)
	}
}
