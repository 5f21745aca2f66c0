package bench

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// broker is the least a Runtime API can be: next hands an event to the
// runtime, /response hands its answer back. It has no sandbox, no signing,
// no logs, no state machine and no limits; it is the floor a platform's
// warm invoke is measured against.
type broker struct {
	events  chan *brokered
	pending sync.Map // request id → *brokered
	ids     atomic.Uint64
}

// brokered is one event from the bare endpoint to a runtime and back.
type brokered struct {
	id      string
	payload []byte
	answer  chan []byte
}

func newBroker() *broker { return &broker{events: make(chan *brokered)} }

// invoke hands payload to the next runtime asking for work and returns its
// answer.
func (k *broker) invoke(payload []byte) []byte {
	e := &brokered{id: strconv.FormatUint(k.ids.Add(1), 10), payload: payload, answer: make(chan []byte, 1)}
	k.pending.Store(e.id, e)
	k.events <- e
	return <-e.answer
}

func (k *broker) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		e := <-k.events
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", e.id)
		h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(time.Minute).UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:echo")
		w.Write(e.payload)
	})
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if e, ok := k.pending.LoadAndDelete(r.PathValue("id")); ok {
			e.(*brokered).answer <- body
		}
		w.WriteHeader(http.StatusAccepted)
	})
	return mux
}

// bareFunction is the runtime floor of a warm invoke of the echo function
// on this machine: a process of its own, as Virga's server is, with an HTTP
// endpoint that hands each request body to one of n aws-lambda-go echo
// processes polling its bare broker, and answers with their response. It
// returns the endpoint's URL.
func bareFunction(b testing.TB, n int) string {
	bin := filepath.Join(b.TempDir(), "bootstrap")
	if err := os.WriteFile(bin, goEcho(b), 0o755); err != nil {
		b.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), brokerEnv+"="+bin, "BENCH_BROKER_RUNTIMES="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	in, _ := cmd.StdinPipe() // the broker ends when its stdin closes
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { in.Close(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatal("the broker did not start: ", err)
	}
	return "http://" + strings.TrimSpace(addr)
}

// brokerEnv names the bootstrap a test binary started as the floor's broker
// process runs (see runBroker).
const brokerEnv = "BENCH_BROKER_BOOTSTRAP"

// runBroker is the floor's broker process: it starts the runtimes, prints
// its endpoint's address and serves until its stdin closes.
func runBroker(bootstrap string, runtimes int) error {
	k := newBroker()
	api, err := serve(k.routes())
	if err != nil {
		return err
	}
	var fns []*exec.Cmd
	for range runtimes {
		fn := exec.Command(bootstrap)
		fn.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+api)
		if err := fn.Start(); err != nil {
			return err
		}
		fns = append(fns, fn)
	}
	endpoint, err := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Write(k.invoke(body))
	}))
	if err != nil {
		return err
	}
	fmt.Println(endpoint)
	io.Copy(io.Discard, os.Stdin)
	for _, fn := range fns {
		fn.Process.Kill()
		fn.Wait()
	}
	return nil
}

// serve serves h on a loopback port and returns its address.
func serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go http.Serve(ln, h)
	return ln.Addr().String(), nil
}

// floorServer drives the runtime floor with the same signed requests as a
// Virga server; the bare endpoint ignores the signature and the path.
func floorServer(b testing.TB, runtimes int) *server {
	return &server{endpoint: bareFunction(b, runtimes), creds: aws.Credentials{AccessKeyID: "floor", SecretAccessKey: "floor"},
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}}
}

// BenchmarkWarmFloor compares a warm signed Invoke of the aws-lambda-go echo
// with the same signed request to the runtime floor, taking turns call by
// call (latency, one runtime and one environment) or in short rounds
// (throughput, 8 clients, 8 runtimes and 8 environments), so that the
// machine's noise falls on both alike.
func BenchmarkWarmFloor(b *testing.B) {
	b.Run("latency", func(b *testing.B) {
		p50 := latencyByTurns(b, floorWays(b, 1))
		b.ReportMetric(float64(p50[1])/float64(p50[0]), "p50-ratio")
	})
	b.Run("throughput/clients=8", func(b *testing.B) {
		spent := throughputByTurns(b, floorWays(b, 8))
		b.ReportMetric(float64(spent[0])/float64(spent[1]), "throughput-ratio")
	})
}

// floorWays are the runtime floor with n runtimes and Virga with n warm
// environments of the echo, in that order; then, when BENCH_BEFORE names
// another build of Virga (an earlier commit's, say), that build likewise.
func floorWays(b *testing.B, n int) []way {
	call := func(s *server) func() error {
		return func() error { return ok(s.invoke("echo", "RequestResponse", event())) }
	}
	ways := []way{{"floor", call(floorServer(b, n))}, {"virga", call(echoFunction(b))}}
	if before := os.Getenv("BENCH_BEFORE"); before != "" {
		ways = append(ways, way{"before", call(echoFunctionOf(b, before))})
	}
	for _, w := range ways {
		parallelN(b, 4*n, n, w.call) // the runtimes started, n environments warm
	}
	b.ResetTimer()
	return ways
}

// coldFloor is the runtime floor of a cold start: it execs the bootstrap
// against a bare broker of its own and returns the time from the exec to
// the answer to its first event.
func coldFloor(b testing.TB, bootstrap string) time.Duration {
	k := newBroker()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: k.routes()}
	go srv.Serve(ln)
	defer srv.Close()
	fn := exec.Command(bootstrap)
	fn.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String())
	t0 := time.Now()
	if err := fn.Start(); err != nil {
		b.Fatal(err)
	}
	k.invoke([]byte(`{}`))
	d := time.Since(t0)
	fn.Process.Kill()
	fn.Wait()
	return d
}
