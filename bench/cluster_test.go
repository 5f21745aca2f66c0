package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	schedtypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/testnats"
)

// natsServer is the nats-server binary, built once beside virga's.
var natsServer = sync.OnceValues(func() (string, error) { return testnats.Build(filepath.Dir(binary)) })

// region is a three-node NATS JetStream cluster and the Virga servers that
// serve one region on it.
type region struct {
	nats    *testnats.Cluster
	servers []*server
}

// startRegion starts a three-node NATS cluster and n Virga servers on it
// (node1 …), which accept node1's keys.
func startRegion(b *testing.B, n int, extra ...string) *region {
	b.Helper()
	if os.Getenv("BENCH_CLUSTER") == "" {
		b.Skip("set BENCH_CLUSTER=1 to start NATS clusters (several minutes)")
	}
	bin, err := natsServer()
	if err != nil {
		b.Fatal(err)
	}
	r := &region{nats: testnats.Start(b, bin, 3)}
	for i := range n {
		args := append([]string{"--nats-url", r.nats.URL(), "--replicas", "3", "--node-name", fmt.Sprintf("node%d", i+1)}, extra...)
		r.servers = append(r.servers, startServer(b, args...))
	}
	return r
}

// echo creates the warm aws-lambda-go echo function on the first node and
// waits until every node runs it.
func (r *region) echo(b *testing.B) {
	b.Helper()
	r.servers[0].createReporting(b, "echo", goEcho(b))
	for _, s := range r.servers {
		deadline := time.Now().Add(time.Minute)
		for status, err := s.invoke("echo", "RequestResponse", event()); status != 200; status, err = s.invoke("echo", "RequestResponse", event()) {
			if time.Now().After(deadline) {
				b.Fatalf("%s: echo does not run: %d %v", s.endpoint, status, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// createReporting creates a provided.al2023 function and waits until it is
// Active, failing with the reason Virga gives when it is not.
func (s *server) createReporting(b *testing.B, name string, bootstrap []byte) {
	b.Helper()
	c := s.lambda()
	_, err := c.CreateFunction(context.Background(), &lambda.CreateFunctionInput{FunctionName: aws.String(name),
		Runtime: lambdatypes.RuntimeProvidedal2023, Role: aws.String("arn:aws:iam::123456789012:role/bench"),
		Handler: aws.String("bootstrap"), Code: &lambdatypes.FunctionCode{ZipFile: zipOf(b, map[string][]byte{"bootstrap": bootstrap})},
		MemorySize: aws.Int32(128), Timeout: aws.Int32(120)})
	if err != nil {
		b.Fatal(err)
	}
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		out, err := c.GetFunctionConfiguration(context.Background(), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name)})
		switch {
		case err != nil:
			b.Fatal(err)
		case out.State == lambdatypes.StateActive:
			return
		case out.State == lambdatypes.StateFailed:
			b.Fatalf("%s failed: %s", name, aws.ToString(out.StateReason))
		}
	}
	b.Fatalf("%s did not become Active", name)
}

// BenchmarkClusterThroughput measures warm invokes/s of the echo function
// with one, two and three Virga servers on a three-node NATS cluster, the
// clients spread over the servers (client i sends to server i mod n).
func BenchmarkClusterThroughput(b *testing.B) {
	for _, n := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			r := startRegion(b, n)
			r.echo(b)
			for _, c := range []int{8, 32} {
				b.Run(fmt.Sprintf("clients=%d", c), func(b *testing.B) {
					spread(b, r.servers, c, 4*c) // warm up c environments
					b.ResetTimer()
					begin := time.Now()
					spread(b, r.servers, c, b.N)
					b.ReportMetric(float64(b.N)/time.Since(begin).Seconds(), "invokes/s")
				})
			}
		})
	}
}

// spread makes n warm invokes of echo from c clients spread over servers.
func spread(b *testing.B, servers []*server, c, n int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for i := range c {
		wg.Add(1)
		go func(s *server) {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				if status, err := s.invoke("echo", "RequestResponse", event()); err != nil || status != 200 {
					b.Errorf("invoke through %s: %d %v", s.endpoint, status, err)
					return
				}
			}
		}(servers[i%len(servers)])
	}
	wg.Wait()
}

// BenchmarkClusterFailover measures, once, how long a region takes to
// recover when the Virga server holding the schedules lease is killed
// (SIGKILL) or stopped (SIGTERM: it drains and hands the lease back) —
// until another server holds it, and until a schedule fires again — and
// when the NATS node leading JetStream's meta group is killed (how long
// invokes stall). Run it with -benchtime 1x.
func BenchmarkClusterFailover(b *testing.B) {
	b.Run("schedules-lease/kill", func(b *testing.B) { benchLeaseFailover(b, os.Kill) })
	b.Run("schedules-lease/term", func(b *testing.B) { benchLeaseFailover(b, syscall.SIGTERM) })
	b.Run("nats-node/kill/sync", func(b *testing.B) { benchNATSFailover(b, "RequestResponse") })
	b.Run("nats-node/kill/event", func(b *testing.B) { benchNATSFailover(b, "Event") })
}

func benchLeaseFailover(b *testing.B, sig os.Signal) {
	r := startRegion(b, 3, "--schedule-tick", "1s")
	url, queueARN := r.servers[0].queue(b, "ticks")
	r.servers[0].schedule(b, "tick", queueARN)
	kv := leasesBucket(b, r.nats.URL())
	holder := waitHolder(b, kv, "")
	victim := slices.IndexFunc(r.servers, func(s *server) bool { return holds(holder, s) })
	if victim < 0 {
		b.Fatalf("no server holds the schedules lease as %q", holder)
	}
	survivor := r.servers[(victim+1)%len(r.servers)]
	waitFire(b, survivor, url, time.Now())
	killedAt := time.Now()
	_ = r.servers[victim].cmd.Process.Signal(sig)
	waitHolder(b, kv, holder)
	b.ReportMetric(time.Since(killedAt).Seconds(), "lease-moved-s")
	b.ReportMetric(waitFire(b, survivor, url, killedAt).Sub(killedAt).Seconds(), "next-fire-s")
	b.ReportMetric(0, "ns/op")
}

// holds says whether a lease holder names server s: Virga's holder ids
// carry the process id between slashes.
func holds(holder string, s *server) bool {
	return strings.Contains(holder, "/"+strconv.Itoa(s.cmd.Process.Pid)+"/")
}

// leasesBucket opens the store's lease bucket directly.
func leasesBucket(b *testing.B, url string) jetstream.KeyValue {
	nc, err := nats.Connect(url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		b.Fatal(err)
	}
	kv, err := js.KeyValue(context.Background(), "leases")
	if err != nil {
		b.Fatal(err)
	}
	return kv
}

// waitHolder waits until the schedules lease has a holder other than
// previous and returns it.
func waitHolder(b *testing.B, kv jetstream.KeyValue, previous string) string {
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		e, err := kv.Get(context.Background(), "schedules")
		if err == nil && len(e.Value()) > 0 && string(e.Value()) != previous {
			return string(e.Value())
		}
	}
	b.Fatalf("the schedules lease stayed with %q", previous)
	return ""
}

// schedule makes a rate(1 minute) schedule that sends to a queue (every
// second, with --schedule-tick 1s).
func (s *server) schedule(b *testing.B, name, queueARN string) {
	c := scheduler.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(s.endpoint),
		Credentials: credentials.StaticCredentialsProvider{Value: s.creds}})
	_, err := c.CreateSchedule(context.Background(), &scheduler.CreateScheduleInput{Name: aws.String(name),
		ScheduleExpression: aws.String("rate(1 minute)"),
		FlexibleTimeWindow: &schedtypes.FlexibleTimeWindow{Mode: schedtypes.FlexibleTimeWindowModeOff},
		Target: &schedtypes.Target{Arn: aws.String(queueARN), RoleArn: aws.String("arn:aws:iam::123456789012:role/scheduler"),
			Input: aws.String(`"<aws.scheduler.scheduled-time>"`)}})
	if err != nil {
		b.Fatal(err)
	}
}

// waitFire receives from the queue until a message sent after since
// arrives, and returns when it was sent.
func waitFire(b *testing.B, s *server, url string, since time.Time) time.Time {
	c := s.sqs()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); {
		out, err := c.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url),
			MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameSentTimestamp}})
		if err != nil {
			continue // the store is failing over
		}
		for _, m := range out.Messages {
			ms, _ := strconv.ParseInt(m.Attributes["SentTimestamp"], 10, 64)
			_, _ = c.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
			if sent := time.UnixMilli(ms); sent.After(since) {
				return sent
			}
		}
	}
	b.Fatal("the schedule did not fire")
	return time.Time{}
}

// benchNATSFailover kills the JetStream meta leader while clients invoke
// echo synchronously (which reads the store only through caches) or as
// Event invocations (each accepted only once stored in a replicated
// stream), and reports the longest time without an accepted invoke.
func benchNATSFailover(b *testing.B, invocationType string) {
	r := startRegion(b, 3)
	r.echo(b)
	leader := slices.IndexFunc(r.nats.Nodes, func(n *testnats.Node) bool { return n.Name == r.nats.Leader() })
	if leader < 0 {
		b.Fatal("no JetStream meta leader")
	}
	var killedAt time.Time
	log := invokeLog(r.servers, invocationType, 8, 5*time.Second, 20*time.Second, func() {
		killedAt = time.Now()
		r.nats.Nodes[leader].Kill()
	})
	before, after := log.longestGaps(killedAt)
	b.ReportMetric(float64(before.Milliseconds()), "gap-before-ms")
	b.ReportMetric(float64(after.Milliseconds()), "stall-ms")
	b.ReportMetric(float64(log.failed), "failed-invokes")
	b.ReportMetric(float64(len(log.done)), "invokes")
	b.ReportMetric(0, "ns/op")
}

// completions records when each successful invoke ended, and the failures.
type completions struct {
	mu     sync.Mutex
	done   []time.Time
	failed int
}

// invokeLog invokes echo from c clients spread over servers for before,
// calls event, and goes on for after.
func invokeLog(servers []*server, invocationType string, c int, before, after time.Duration, event func()) *completions {
	log := &completions{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range c {
		wg.Add(1)
		go func(s *server) {
			defer wg.Done()
			log.run(s, invocationType, stop)
		}(servers[i%len(servers)])
	}
	time.Sleep(before)
	event()
	time.Sleep(after)
	close(stop)
	wg.Wait()
	return log
}

func (l *completions) run(s *server, invocationType string, stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		status, err := s.invoke("echo", invocationType, event())
		l.mu.Lock()
		if err == nil && status/100 == 2 {
			l.done = append(l.done, time.Now())
		} else {
			l.failed++
		}
		l.mu.Unlock()
	}
}

// longestGaps returns the longest time without a completed invoke before
// at, and from at on.
func (l *completions) longestGaps(at time.Time) (before, after time.Duration) {
	slices.SortFunc(l.done, time.Time.Compare)
	prev := l.done[0]
	for _, t := range l.done[1:] {
		gap := t.Sub(prev)
		if t.Before(at) {
			before = max(before, gap)
		} else {
			after = max(after, t.Sub(maxTime(prev, at)))
		}
		prev = t
	}
	return before, after
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
