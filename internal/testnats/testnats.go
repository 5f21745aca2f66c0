// Package testnats runs a NATS JetStream cluster for tests: nats-server
// processes on loopback, routed to each other, each with its own store
// directory, as an operator would run three machines. Tests kill and
// restart its nodes to see what Virga does when part of its store goes away.
package testnats

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Build builds nats-server from the module cache (the version go.mod
// names) into dir and returns its path.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "nats-server")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/nats-io/nats-server/v2").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("build nats-server: %v\n%s", err, out)
	}
	return bin, nil
}

// Cluster is n nats-server processes forming one JetStream cluster.
type Cluster struct {
	Nodes []*Node
}

// Start starts an n-node cluster named "virga" and waits until JetStream
// has a meta leader that every node knows. The nodes stop when the test
// ends.
func Start(tb testing.TB, binary string, n int) *Cluster {
	tb.Helper()
	c := &Cluster{}
	ports := freePorts(tb, 3*n)
	for i := range n {
		c.Nodes = append(c.Nodes, newNode(tb, binary, fmt.Sprintf("nats%d", i+1), ports[3*i:3*i+3]))
	}
	routes := c.routes()
	for _, nd := range c.Nodes {
		nd.writeConfig(tb, routes)
	}
	tb.Cleanup(c.stop)
	for _, nd := range c.Nodes {
		nd.Start(tb)
	}
	c.WaitReady(tb, 60*time.Second)
	return c
}

// URL lists every node's client address, as a NATS client takes it.
func (c *Cluster) URL() string {
	var urls []string
	for _, nd := range c.Nodes {
		urls = append(urls, nd.URL())
	}
	return strings.Join(urls, ",")
}

func (c *Cluster) routes() []string {
	var routes []string
	for _, nd := range c.Nodes {
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", nd.routePort))
	}
	return routes
}

// WaitReady waits until every running node reports the same JetStream meta
// leader and is healthy (its streams and consumers current).
func (c *Cluster) WaitReady(tb testing.TB, timeout time.Duration) {
	tb.Helper()
	var last string
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if last = c.agreedLeader(); !strings.HasPrefix(last, "no ") {
			return
		}
	}
	tb.Fatalf("nats cluster not ready after %v: %s\n%s", timeout, last, c.logs())
}

// Leader returns the name of the JetStream meta leader the first running
// node knows, or "" when there is none.
func (c *Cluster) Leader() string {
	for _, nd := range c.Nodes {
		if nd.Running() {
			leader, _ := nd.MetaLeader()
			return leader
		}
	}
	return ""
}

// agreedLeader returns the leader every running node names, or a reason
// beginning "no ".
func (c *Cluster) agreedLeader() string {
	leader := ""
	for _, nd := range c.Nodes {
		if nd.stopped {
			continue
		}
		if !nd.Running() {
			return fmt.Sprintf("no %s: it exited by itself", nd.Name)
		}
		l, err := nd.MetaLeader()
		switch {
		case err != nil:
			return fmt.Sprintf("no answer from %s: %v", nd.Name, err)
		case !nd.Healthy():
			return fmt.Sprintf("no health yet on %s", nd.Name)
		case l == "":
			return fmt.Sprintf("no meta leader known to %s", nd.Name)
		case leader != "" && l != leader:
			return fmt.Sprintf("no agreement: %s and %s", leader, l)
		}
		leader = l
	}
	return leader
}

func (c *Cluster) stop() {
	for _, nd := range c.Nodes {
		nd.Terminate()
	}
}

func (c *Cluster) logs() string {
	var b strings.Builder
	for _, nd := range c.Nodes {
		fmt.Fprintf(&b, "--- %s\n%s", nd.Name, nd.logs)
	}
	return b.String()
}

// freePorts returns n distinct loopback ports nothing listens on at the
// moment: it holds them all open until it has them all.
func freePorts(tb testing.TB, n int) []int {
	tb.Helper()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// writeFile writes a file a test made, failing the test when it cannot.
func writeFile(tb testing.TB, path, body string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		tb.Fatal(err)
	}
}
