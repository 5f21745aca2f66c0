package bench

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// payload is the 100-byte event of the latency benchmarks.
var payload = bytes.Repeat([]byte("x"), 90)

func event() []byte { return append(append([]byte(`{"echo":"`), payload[:86]...), `"}`...) }

// echoServer is the baseline: a plain Go HTTP server on loopback that
// answers with the request body.
func echoServer(b testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Write(body)
	})}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// latencies times each of b.N calls and reports the median and p99.
func latencies(b *testing.B, call func() error) {
	b.Helper()
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if err := call(); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, d)
}

func reportPercentiles(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	b.ReportMetric(float64(median(d).Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), "p99-µs")
}

// post sends the event to url and reads the answer.
func post(client *http.Client, url string) error {
	resp, err := client.Post(url, "application/json", bytes.NewReader(event()))
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return err
}

// BenchmarkWarmLatency compares a warm signed Invoke of an aws-lambda-go
// echo function with one HTTP round trip to the echo server (the baseline)
// and with the same function invoked through a bare HTTP endpoint (the
// floor: what the function's own runtime costs, see bareFunction).
func BenchmarkWarmLatency(b *testing.B) {
	b.Run("baseline=loopback-echo", func(b *testing.B) {
		url := echoServer(b)
		client := &http.Client{}
		latencies(b, func() error { return post(client, url) })
	})
	b.Run("floor=bare-broker", func(b *testing.B) {
		s := floorServer(b, 1)
		latencies(b, func() error {
			_, err := s.invoke("echo", "RequestResponse", event())
			return err
		})
	})
	b.Run("virga=warm-invoke", func(b *testing.B) {
		s := echoFunction(b)
		s.invoke("echo", "RequestResponse", event()) // the cold start
		latencies(b, func() error {
			_, err := s.invoke("echo", "RequestResponse", event())
			return err
		})
	})
}

// BenchmarkWarmThroughput runs c clients against the echo server and
// against warm invocations; ns/op is per call, so the ratio of the two
// ns/op values is the ratio of throughputs.
func BenchmarkWarmThroughput(b *testing.B) {
	for _, c := range []int{1, 8, 64} {
		b.Run("baseline=loopback-echo/clients="+itoa(c), func(b *testing.B) {
			url := echoServer(b)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
			parallel(b, c, func() error { return post(client, url) })
		})
		b.Run("floor=bare-broker/clients="+itoa(c), func(b *testing.B) {
			warmThroughput(b, floorServer(b, c), c)
		})
		b.Run("virga=warm-invoke/clients="+itoa(c), func(b *testing.B) {
			warmThroughput(b, echoFunction(b), c)
		})
	}
}

// echoFunction starts a server with the aws-lambda-go echo as "echo".
func echoFunction(b testing.TB) *server { return echoFunctionOf(b, binary) }

// echoFunctionOf is echoFunction on a server of another build.
func echoFunctionOf(b testing.TB, binary string) *server {
	s := startBinary(b, binary)
	s.create(b, "echo", "provided.al2023", "bootstrap", map[string][]byte{"bootstrap": goEcho(b)})
	return s
}

// warmThroughput warms c environments of s's echo, then makes b.N calls
// from c clients.
func warmThroughput(b *testing.B, s *server, c int) {
	invoke := func() error { return ok(s.invoke("echo", "RequestResponse", event())) }
	parallel(b, c, invoke)
	b.ResetTimer()
	parallel(b, c, invoke)
}

// parallel makes b.N calls from c goroutines.
func parallel(b *testing.B, c int, call func() error) { parallelN(b, b.N, c, call) }

// parallelN makes n calls from c goroutines.
func parallelN(b testing.TB, n, c int, call func() error) {
	var wg sync.WaitGroup
	next := make(chan struct{}, n)
	for range n {
		next <- struct{}{}
	}
	close(next)
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range next {
				if err := call(); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func itoa(n int) string { return string(rune('0'+n/10%10)) + string(rune('0'+n%10)) }
