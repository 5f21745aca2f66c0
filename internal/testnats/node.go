package testnats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Node is one nats-server of a cluster. Its ports and store directory stay
// the same across restarts, so a restarted node rejoins with its data.
type Node struct {
	Name                               string
	binary, dir                        string
	clientPort, routePort, monitorPort int
	cmd                                *exec.Cmd
	exited                             chan struct{}
	stopped                            bool // by Kill or Terminate, not by itself
	logs                               *LogBuffer
}

func newNode(tb testing.TB, binary, name string, ports []int) *Node {
	return &Node{
		Name: name, binary: binary, dir: tb.TempDir(),
		clientPort: ports[0], routePort: ports[1], monitorPort: ports[2],
		logs: new(LogBuffer),
	}
}

// URL is the node's client address.
func (n *Node) URL() string { return fmt.Sprintf("nats://127.0.0.1:%d", n.clientPort) }

// writeConfig writes the node's configuration: JetStream with its own
// store, the payload Virga's code blobs need, and routes to every node.
func (n *Node) writeConfig(tb testing.TB, routes []string) {
	conf := fmt.Sprintf(`server_name: %s
listen: 127.0.0.1:%d
http: 127.0.0.1:%d
max_payload: 8MB
jetstream {
  store_dir: %q
  max_memory_store: 256MB
  max_file_store: 4GB
}
cluster {
  name: virga
  listen: 127.0.0.1:%d
  routes: [%s]
}
`, n.Name, n.clientPort, n.monitorPort, filepath.Join(n.dir, "jetstream"), n.routePort, strings.Join(routes, ", "))
	writeFile(tb, n.configPath(), conf)
}

func (n *Node) configPath() string { return filepath.Join(n.dir, "nats.conf") }

// Start starts the node's process (again, after Kill or Terminate).
func (n *Node) Start(tb testing.TB) {
	tb.Helper()
	n.cmd = exec.Command(n.binary, "-c", n.configPath())
	n.cmd.Stdout, n.cmd.Stderr = n.logs, n.logs
	if err := n.cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", n.Name, err)
	}
	n.exited, n.stopped = make(chan struct{}), false
	go func(cmd *exec.Cmd, exited chan struct{}) { cmd.Wait(); close(exited) }(n.cmd, n.exited)
}

// Running says whether the node's process was started and has not ended.
func (n *Node) Running() bool {
	if n.cmd == nil {
		return false
	}
	select {
	case <-n.exited:
		return false
	default:
		return true
	}
}

// Kill ends the node with SIGKILL, as a crash of its machine would.
func (n *Node) Kill() { n.signal(syscall.SIGKILL, 0) }

// Terminate asks the node to stop (SIGTERM) and kills it if it has not
// within ten seconds.
func (n *Node) Terminate() { n.signal(syscall.SIGTERM, 10*time.Second) }

func (n *Node) signal(sig syscall.Signal, grace time.Duration) {
	n.stopped = true
	if !n.Running() {
		return
	}
	_ = n.cmd.Process.Signal(sig)
	select {
	case <-n.exited:
	case <-time.After(grace + 5*time.Second):
		_ = n.cmd.Process.Kill()
		<-n.exited
	}
}

// MetaLeader asks the node's monitoring endpoint which server leads
// JetStream's meta group.
func (n *Node) MetaLeader() (string, error) {
	client := http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/jsz", n.monitorPort))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var jsz struct {
		Meta *struct{ Leader string } `json:"meta_cluster"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&jsz); err != nil {
		return "", fmt.Errorf("jsz: %w", err)
	}
	if jsz.Meta == nil {
		return "", nil
	}
	return jsz.Meta.Leader, nil
}

// Healthy says whether the node's /healthz answers 200: JetStream is up
// and every stream and consumer it has a copy of is current.
func (n *Node) Healthy() bool {
	client := http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/healthz", n.monitorPort))
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Logs returns what the node printed.
func (n *Node) Logs() string { return n.logs.String() }

// LogBuffer collects a process's output while tests read it (the e2e
// harness keeps each server's in one too).
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
