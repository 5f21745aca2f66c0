package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// clusterFn prints the event it gets, after sleeping for its "sleep"
// seconds.
var clusterFn = map[string]string{"app.py": `import json, time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    print("EVENT " + json.dumps(event, separators=(",", ":")))
    return {"ok": True}
`}

// clusterFlags are every node's: an account limit of 4, a minute of 2 s,
// leases that move after 3 s, and two asynchronous workers, so that a
// burst spreads over the nodes.
var clusterFlags = []string{"--account-concurrency", "4", "--schedule-tick", "2s", "--lease-ttl", "3s",
	"--async-workers", "2", "--async-retry-base", "200ms"}

// TestCluster runs three Virga servers on a three-node NATS cluster as one
// region: node3 has no memory for environments (--memory-mb 1), so its
// synchronous invocations run elsewhere.
func TestCluster(t *testing.T) {
	c := startCluster(t, 2, clusterFlags...)
	c.addNode("node3", append(slices.Clone(clusterFlags), "--memory-mb", "1")...)
	n1 := c.nodes[0].server
	createFn(t, n1, "work", "python3.12", "app.handler", clusterFn, func(in *lambda.CreateFunctionInput) { in.Timeout = aws.Int32(30) })
	createFn(t, n1, "ticker", "python3.12", "app.handler", eventSink, nil)
	createFn(t, n1, "burst", "python3.12", "app.handler", clusterFn, nil)

	t.Run("InvokeAnywhere", func(t *testing.T) { clusterInvokeAnywhere(t, c) })
	t.Run("SharedSecrets", func(t *testing.T) { clusterSharedSecrets(t, c) })
	t.Run("Nodes", func(t *testing.T) { clusterNodes(t, c) })
	t.Run("AccountLimit", func(t *testing.T) { clusterAccountLimit(t, c) })
	t.Run("Drain", func(t *testing.T) { clusterDrain(t, c) })
	t.Run("ScheduleOnce", func(t *testing.T) { clusterScheduleOnce(t, c) })
	t.Run("ProvisionedSpread", func(t *testing.T) { clusterProvisioned(t, c) })
	t.Run("AsyncBurstSurvivesKills", func(t *testing.T) { clusterAsyncBurst(t, c) })
}

// clusterInvoke invokes fn through node i and returns the payload and the
// node that ran it.
func clusterInvoke(t *testing.T, c *cluster, i int, fn string, payload any) (*lambda.InvokeOutput, string, error) {
	t.Helper()
	data, _ := json.Marshal(payload)
	out, err := c.lambda(i).Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: data})
	if err != nil {
		return nil, "", err
	}
	ran := ""
	if raw, ok := awsmiddleware.GetRawResponse(out.ResultMetadata).(*smithyhttp.Response); ok {
		ran = raw.Header.Get("X-Virga-Node")
	}
	return out, ran, nil
}

// clusterInvokeAnywhere: a function created through node1 runs when
// invoked through any node; node3's invocations run on another node.
func clusterInvokeAnywhere(t *testing.T, c *cluster) {
	for i, nd := range c.nodes {
		out, ran, err := clusterInvoke(t, c, i, "work", map[string]any{"via": nd.name})
		if err != nil || out.FunctionError != nil {
			t.Fatalf("invoke through %s: %v %s", nd.name, err, aws.ToString(out.FunctionError))
		}
		switch {
		case ran == "":
			t.Errorf("invoke through %s: no X-Virga-Node", nd.name)
		case nd.name == "node3" && ran == "node3":
			t.Errorf("node3 has no memory for environments but ran the invocation")
		case nd.name != "node3" && ran != nd.name:
			t.Errorf("invoke through %s ran on %s, want where it arrived", nd.name, ran)
		}
	}
}

// clusterSharedSecrets: a server with a data directory of its own adopts
// the cluster's keys from the store and accepts the same clients.
func clusterSharedSecrets(t *testing.T, c *cluster) {
	s := startServer(t, "--nats-url", c.nats.URL(), "--replicas", "3", "--node-name", "fresh")
	if s.admin.AccessKeyID != c.nodes[0].admin.AccessKeyID || s.admin.SecretAccessKey != c.nodes[0].admin.SecretAccessKey {
		t.Fatalf("a new server's administrator key %s is not the cluster's %s", s.admin.AccessKeyID, c.nodes[0].admin.AccessKeyID)
	}
	for _, name := range []string{"metrics.token", "kms-root.key"} {
		mine, _ := os.ReadFile(filepath.Join(s.dataDir, name))
		theirs, _ := os.ReadFile(filepath.Join(c.nodes[0].dataDir, name))
		if len(mine) == 0 || string(mine) != string(theirs) {
			t.Errorf("%s differs from the cluster's", name)
		}
	}
	if out := invoke(t, s, "work", map[string]any{"via": "fresh"}); out.FunctionError != nil {
		t.Errorf("invoke through a new server: %s", out.Payload)
	}
	s.stop()
}

// clusterNodes: `virga nodes` lists the three servers.
func clusterNodes(t *testing.T, c *cluster) {
	var out []byte
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var err error
		out, err = exec.Command(binary, "nodes", "--data-dir", c.nodes[1].dataDir).CombinedOutput()
		if err != nil {
			t.Fatalf("virga nodes: %v\n%s", err, out)
		}
		if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) == 4 {
			break
		}
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "NODE") || !strings.Contains(lines[0], "LAST-SEEN") {
		t.Fatalf("virga nodes printed:\n%s", out)
	}
	for i, nd := range c.nodes {
		if f := strings.Fields(lines[i+1]); f[0] != nd.name || f[4] != "false" {
			t.Errorf("line %q, want %s not draining", lines[i+1], nd.name)
		}
	}
}

// clusterMembers reads node i's health check.
func clusterMembers(t *testing.T, c *cluster, i int) (draining bool, members []map[string]any) {
	t.Helper()
	resp, err := http.Get(c.nodes[i].endpoint + "/_virga/health")
	if err != nil {
		return false, nil
	}
	defer resp.Body.Close()
	var h struct {
		Cluster struct {
			Draining bool             `json:"draining"`
			Members  []map[string]any `json:"members"`
		} `json:"cluster"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatalf("health: %v", err)
	}
	return h.Cluster.Draining, h.Cluster.Members
}

// clusterAccountLimit: four invocations on node1 take the account's limit
// of four; node2 and node3 then throttle.
func clusterAccountLimit(t *testing.T, c *cluster) {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := clusterInvoke(t, c, 0, "work", map[string]any{"sleep": 8}); err != nil {
				errs <- err
			}
		}()
	}
	var seen []map[string]any
	waitFor(t, 60*time.Second, func() bool { // node2 sees node1 run 4, or one failed
		_, seen = clusterMembers(t, c, 1)
		for _, m := range seen {
			if m["node"] == "node1" && m["inflight"] == float64(4) {
				return true
			}
		}
		return len(errs) > 0
	})
	if len(errs) > 0 {
		t.Fatalf("an invocation within the limit failed: %v (members %v)", <-errs, seen)
	}
	for i := 1; i < 3; i++ {
		_, ran, err := clusterInvoke(t, c, i, "work", map[string]any{})
		var tooMany *types.TooManyRequestsException
		var re *smithyhttp.ResponseError
		if errors.As(err, &re) {
			ran = re.Response.Header.Get("X-Virga-Node")
		}
		if !errors.As(err, &tooMany) {
			t.Errorf("invoke through %s while node1 runs the account's limit: %v (ran on %q), want TooManyRequestsException", c.nodes[i].name, err, ran)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("an admitted invocation failed: %v", err)
	}
}

// clusterDrain: SIGTERM makes node2 drain: it says so, forwards what
// comes, finishes what it runs, leaves the cluster and exits 0.
func clusterDrain(t *testing.T, c *cluster) {
	done := make(chan error, 1)
	go func() {
		out, _, err := clusterInvoke(t, c, 1, "work", map[string]any{"sleep": 4})
		if err == nil && out.FunctionError != nil {
			err = fmt.Errorf("function error %s", out.Payload)
		}
		done <- err
	}()
	waitFor(t, 30*time.Second, func() bool { // node2 runs the invocation
		_, members := clusterMembers(t, c, 1)
		for _, m := range members {
			if m["node"] == "node2" && m["inflight"] == float64(1) {
				return true
			}
		}
		return false
	})
	exited := make(chan error, 1)
	termed := time.Now()
	go func() { exited <- c.nodes[1].terminate(60 * time.Second) }()
	waitFor(t, 10*time.Second, func() bool { // node2 reports draining
		draining, _ := clusterMembers(t, c, 1)
		return draining
	})
	if _, ran, err := clusterInvoke(t, c, 1, "work", map[string]any{}); err != nil || ran == "node2" {
		t.Errorf("invoke through draining node2: %v, ran on %q, want another node", err, ran)
	}
	if err := <-done; err != nil {
		t.Errorf("the invocation node2 ran when it got SIGTERM: %v", err)
	}
	if err := <-exited; err != nil {
		t.Errorf("node2 exited with %v, want 0", err)
	}
	t.Logf("node2 drained and exited %v after SIGTERM", time.Since(termed).Round(time.Millisecond))
	waitFor(t, 10*time.Second, func() bool { // node1 sees node2 leave
		_, members := clusterMembers(t, c, 0)
		return len(members) == 2
	})
	c.nodes[1].restart()
}

// clusterScheduleOnce: a scheduled rule fires once per tick, also when the
// server holding the schedules' lease is killed.
func clusterScheduleOnce(t *testing.T, c *cluster) {
	n1 := c.nodes[0].server
	ec := eventbridge.NewFromConfig(n1.awsConfig())
	if _, err := ec.PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String("tick"), ScheduleExpression: aws.String("rate(1 minute)")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ec.PutTargets(ctx(t), &eventbridge.PutTargetsInput{Rule: aws.String("tick"),
		Targets: []ebtypes.Target{{Id: aws.String("fn"), Arn: aws.String(fnARN(n1, "ticker"))}}}); err != nil {
		t.Fatal(err)
	}
	sunkEvents(t, n1, "ticker", 3, 60*time.Second)
	holder := scheduleHolder(t, c)
	holder.kill()
	killed := time.Now()
	reader := 0
	if holder == c.nodes[0] {
		reader = 1
	}
	got := sunkThrough(t, c.nodes[reader].server, "ticker", len(sunkThrough(t, c.nodes[reader].server, "ticker", 1, time.Second))+4, 60*time.Second)
	checkTicks(t, got, killed)
	holder.restart()
	ec = eventbridge.NewFromConfig(c.nodes[0].awsConfig()) // node1 may have restarted on another port
	if _, err := ec.RemoveTargets(ctx(t), &eventbridge.RemoveTargetsInput{Rule: aws.String("tick"), Ids: []string{"fn"}}); err != nil {
		t.Errorf("remove the rule's target: %v", err)
	}
	if _, err := ec.DeleteRule(ctx(t), &eventbridge.DeleteRuleInput{Name: aws.String("tick")}); err != nil {
		t.Errorf("delete rule: %v", err)
	}
}

// scheduleHolder is the node that took the schedules' lease.
func scheduleHolder(t *testing.T, c *cluster) *clusterNode {
	t.Helper()
	for _, nd := range c.nodes {
		if strings.Contains(nd.logs.String(), "lease=schedules") {
			return nd
		}
	}
	t.Fatal("no node holds the schedules' lease")
	return nil
}

// checkTicks: every scheduled time fired once, and the ticks go on after
// the kill with no gap longer than the lease's TTL and a tick.
func checkTicks(t *testing.T, events []map[string]any, killed time.Time) {
	t.Helper()
	var times []time.Time
	seen := map[string]bool{}
	for _, ev := range events {
		at, err := time.Parse(time.RFC3339, fmt.Sprint(ev["time"]))
		if err != nil {
			t.Fatalf("event time %v: %v", ev["time"], err)
		}
		if seen[fmt.Sprint(ev["id"])] {
			t.Errorf("the firing at %v ran twice", ev["time"])
		}
		seen[fmt.Sprint(ev["id"])] = true
		times = append(times, at)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap > 6*time.Second {
			t.Errorf("no firing between %v and %v (killed at %v)", times[i-1], times[i], killed.UTC())
		}
	}
	if last := times[len(times)-1]; !last.After(killed) {
		t.Errorf("no firing after the lease holder was killed at %v", killed)
	}
	var gap time.Duration
	for i := 1; i < len(times); i++ {
		if times[i].After(killed) && !times[i-1].After(killed) {
			gap = times[i].Sub(times[i-1])
		}
	}
	t.Logf("%d firings, once each; the ticks around the kill were %v apart (tick 2s, lease TTL 3s)", len(times), gap)
}

// clusterAsyncBurst: a burst of asynchronous events is spread over the
// nodes, and every event runs although one Virga server and one NATS
// server are killed with SIGKILL halfway.
func clusterAsyncBurst(t *testing.T, c *cluster) {
	n1 := c.nodes[0].server
	const events = 40
	for i := range events {
		if i == events/2 {
			c.nodes[1].kill()
			c.nats.Nodes[2].Kill()
		}
		payload, _ := json.Marshal(map[string]any{"n": i, "sleep": 0.1})
		waitFor(t, 60*time.Second, func() bool { // the event is accepted
			_, err := n1.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("burst"), InvocationType: types.InvocationTypeEvent, Payload: payload})
			return err == nil
		})
	}
	ran := map[int]bool{}
	for deadline := time.Now().Add(150 * time.Second); len(ran) < events && time.Now().Before(deadline); time.Sleep(time.Second) {
		for _, ev := range sunkThrough(t, n1, "burst", 0, time.Second) {
			n, _ := ev["n"].(float64)
			ran[int(n)] = true
		}
	}
	for i := range events {
		if !ran[i] {
			t.Errorf("event %d never ran", i)
		}
	}
	for _, i := range []int{0, 2} {
		if n := invocationsOn(t, c.nodes[i]); n == 0 {
			t.Errorf("%s ran none of the burst", c.nodes[i].name)
		}
	}
}

// invocationsOn reads a node's count of the burst's invocations from its
// metrics.
func invocationsOn(t *testing.T, nd *clusterNode) int {
	t.Helper()
	token, err := os.ReadFile(filepath.Join(nd.dataDir, "metrics.token"))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, nd.endpoint+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, `virga_invocations_total{function="burst"`) {
			var n float64
			fmt.Sscan(line[strings.LastIndex(line, " ")+1:], &n)
			return int(n)
		}
	}
	return 0
}

// sunkThrough is sunkEvents reading the log through a server that may
// briefly fail to read it while the NATS cluster elects new leaders.
func sunkThrough(t *testing.T, s *server, fn string, n int, within time.Duration) []map[string]any {
	t.Helper()
	var got []map[string]any
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		out, err := exec.Command(binary, "logs", fn, "--data-dir", s.dataDir).Output()
		if err != nil {
			continue
		}
		got = got[:0]
		for _, line := range strings.Split(string(out), "\n") {
			var m map[string]any
			if _, ev, ok := strings.Cut(line, "EVENT "); ok && json.Unmarshal([]byte(ev), &m) == nil {
				got = append(got, m)
			}
		}
		if len(got) >= n {
			return got
		}
	}
	if n == 0 {
		return got
	}
	t.Fatalf("%s printed %d events after %v, want %d", fn, len(got), within, n)
	return nil
}
