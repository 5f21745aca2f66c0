package bench

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"
)

// TestSmoke is the benchmark smoke that runs with every `go test ./...`: a
// few hundred warm invocations next to loopback round trips. It fails only
// on an order-of-magnitude regression (the ratio is about 10 today).
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("smoke benchmark skipped in -short mode")
	}
	url := echoServer(t)
	client := &http.Client{}
	baseline := medianOf(300, func() {
		resp, err := client.Post(url, "application/json", bytes.NewReader(event()))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	})
	s := startServer(t)
	s.create(t, "echo", "provided.al2023", "bootstrap", map[string][]byte{"bootstrap": goEcho(t)})
	warm := medianOf(300, func() {
		if status, err := s.invoke("echo", "RequestResponse", event()); err != nil || status != 200 {
			t.Fatalf("invoke: %d %v", status, err)
		}
	})
	ratio := float64(warm) / float64(baseline)
	t.Logf("warm invoke %v, loopback round trip %v: %.1f×", warm, baseline, ratio)
	if ratio > 100 || warm > 50*time.Millisecond {
		t.Errorf("warm invoke %v is %.0f× a loopback round trip (%v): an order of magnitude slower than usual", warm, ratio, baseline)
	}
}

func medianOf(n int, call func()) time.Duration {
	d := make([]time.Duration, n)
	for i := range d {
		t0 := time.Now()
		call()
		d[i] = time.Since(t0)
	}
	return median(d)
}
