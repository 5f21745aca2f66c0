package bench

import (
	"context"
	"net"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// BenchmarkAsyncEvents measures sustained durable asynchronous invocation:
// at least 3,000 Event invokes of a Go echo function from 16 clients, from the first
// request until the queue is empty (every event ran and was acknowledged),
// read from the embedded NATS server the benchmark asks Virga to expose.
// Reports accepted/s (stored durably, 202 returned) and processed/s.
func BenchmarkAsyncEvents(b *testing.B) {
	natsAddr := freeAddr(b)
	s := startServer(b, "--nats-listen", natsAddr)
	s.create(b, "sink", "provided.al2023", "bootstrap", map[string][]byte{"bootstrap": goEcho(b)})
	nc, err := nats.Connect("nats://" + natsAddr)
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		b.Fatal(err)
	}
	cons, err := js.Consumer(context.Background(), "DELIVERIES", "dispatch")
	if err != nil {
		b.Fatal(err)
	}
	n := max(b.N, 3000) // enough events for a sustained rate, whatever b.N go test picks
	b.ResetTimer()
	begin := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				if status, err := s.invoke("sink", "Event", []byte(`{"echo":"x"}`)); err != nil || status != 202 {
					b.Errorf("event invoke: %d %v", status, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	accepted := time.Since(begin)
	for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		info, err := cons.Info(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if info.NumPending == 0 && info.NumAckPending == 0 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("queue not drained: %+v", info)
		}
	}
	processed := time.Since(begin)
	b.StopTimer()
	if ran := reports(b, s, "sink"); ran < n {
		b.Fatalf("queue drained but only %d of %d events ran", ran, n)
	}
	b.ReportMetric(float64(n)/accepted.Seconds(), "accepted/s")
	b.ReportMetric(float64(n)/processed.Seconds(), "processed/s")
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(b testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// reports counts the REPORT lines in a function's log.
func reports(b *testing.B, s *server, fn string) int {
	out, err := exec.Command(binary, "logs", fn, "--data-dir", s.dataDir).Output()
	if err != nil {
		b.Fatal(err)
	}
	return strings.Count(string(out), "REPORT RequestId: ")
}
