package e2e

import (
	"fmt"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/virga-dev/virga/internal/testnats"
)

// natsServer is the nats-server binary, built once for the package's tests
// beside the virga binary.
var natsServer = sync.OnceValues(func() (string, error) { return testnats.Build(filepath.Dir(binary)) })

// cluster is a three-node NATS JetStream cluster and the Virga servers that
// serve one region on it, all on loopback.
type cluster struct {
	t     *testing.T
	nats  *testnats.Cluster
	nodes []*clusterNode
}

// clusterNode is one `virga server` of a cluster, named node1, node2, ….
type clusterNode struct {
	*server
	name string
	args []string
}

// startCluster starts a three-node NATS cluster and n Virga servers on it,
// each with --replicas 3, its own name and data directory, and the extra
// flags. Everything stops when the test ends, Virga before NATS.
func startCluster(t *testing.T, n int, extra ...string) *cluster {
	t.Helper()
	bin, err := natsServer()
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{t: t, nats: testnats.Start(t, bin, 3)}
	for i := range n {
		c.addNode(fmt.Sprintf("node%d", i+1), extra...)
	}
	return c
}

// addNode starts one more Virga server on the cluster.
func (c *cluster) addNode(name string, extra ...string) *clusterNode {
	c.t.Helper()
	nd := &clusterNode{server: &server{t: c.t, dataDir: dataDir(c.t)}, name: name}
	nd.args = append([]string{"--nats-url", c.nats.URL(), "--replicas", "3", "--node-name", name}, extra...)
	c.t.Cleanup(nd.stop)
	nd.start(nd.args...)
	c.nodes = append(c.nodes, nd)
	return nd
}

// lambda is a Lambda client for node i (from 0), with the shared
// administrator's keys.
func (c *cluster) lambda(i int) *lambda.Client { return c.nodes[i].lambda() }

// restart starts a node that was killed or terminated again, with the same
// data directory and flags.
func (nd *clusterNode) restart() {
	nd.t.Helper()
	nd.start(nd.args...)
}

// terminate sends SIGTERM and waits up to timeout for the node to exit,
// returning how it exited (nil: status 0). A node that does not exit is
// killed and the test fails.
func (nd *clusterNode) terminate(timeout time.Duration) error {
	nd.t.Helper()
	cmd := nd.cmd
	nd.cmd = nil
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		_ = cmd.Process.Kill()
		<-done
		nd.t.Errorf("%s did not exit within %v of SIGTERM; log:\n%s", nd.name, timeout, nd.logs)
		return fmt.Errorf("%s killed after %v", nd.name, timeout)
	}
}

// TestClusterHarness starts three NATS nodes and three Virga servers, sees
// that every Virga server answers with the shared keys, and survives a NATS
// node's SIGKILL and restart.
func TestClusterHarness(t *testing.T) {
	c := startCluster(t, 3)
	for i, nd := range c.nodes {
		if _, err := c.lambda(i).ListFunctions(ctx(t), &lambda.ListFunctionsInput{}); err != nil {
			t.Fatalf("%s: list functions: %v", nd.name, err)
		}
	}
	c.nats.Nodes[2].Kill()
	c.nats.Nodes[2].Start(t)
	c.nats.WaitReady(t, 60*time.Second)
	if err := c.nodes[2].terminate(30 * time.Second); err != nil {
		t.Errorf("node3 exited with %v", err)
	}
	c.nodes[2].restart()
}
