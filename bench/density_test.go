package bench

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkDensity fills the server with idle warm environments of an
// aws-lambda-go function (BENCH_DENSITY of them, default 100; the
// documented run uses 1000) and reports the memory each costs, Virga's own
// share (its resident set) and the function's (its cgroups), then the warm
// latency with all of them idle, next to the latency with one.
func BenchmarkDensity(b *testing.B) {
	n := 100
	if v, err := strconv.Atoi(os.Getenv("BENCH_DENSITY")); err == nil && v > 0 {
		n = v
	}
	debug := freeAddr(b)
	s := startServer(b, "--account-concurrency", strconv.Itoa(n+200), "--spare-sandboxes", "0", "--debug-listen", debug)
	s.create(b, "one", "provided.al2023", "bootstrap", map[string][]byte{"bootstrap": goEcho(b)})
	s.create(b, "many", "provided.al2023", "bootstrap", map[string][]byte{"bootstrap": goEcho(b)})
	warm := func(name string) time.Duration {
		var d []time.Duration
		for range 500 {
			t0 := time.Now()
			if status, err := s.invoke(name, "RequestResponse", event()); err != nil || status != 200 {
				b.Fatalf("invoke: %d %v", status, err)
			}
			d = append(d, time.Since(t0))
		}
		return median(d)
	}
	base := goMemory(b, debug)
	alone := warm("one")

	// n simultaneous invocations that each hold their environment until
	// all have started leave n idle environments behind.
	hold := fmt.Sprintf(`{"sleepMs": %d}`, 2000+n*40) // within the 120 s timeout up to n = 2900
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, err := s.invoke("many", "RequestResponse", []byte(hold)); err != nil || status != 200 {
				b.Errorf("filling invoke: %d %v", status, err)
			}
		}()
	}
	wg.Wait()
	time.Sleep(time.Second)
	virga := goMemory(b, debug) - base
	functions, envs := cgroupMemory(b, s.cmd.Process.Pid)
	crowded := warm("one")
	b.ReportMetric(float64(n), "environments")
	b.ReportMetric(float64(envs), "cgroups")
	b.ReportMetric(float64(virga)/float64(n)/1024, "virga-KiB/env")
	b.ReportMetric(float64(functions)/float64(max(envs, 1))/1024, "function-KiB/env")
	b.ReportMetric(float64(alone.Microseconds()), "warm-p50-µs@1")
	b.ReportMetric(float64(crowded.Microseconds()), "warm-p50-µs@n")
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// goMemory is the heap and stack memory in use in the server after a
// garbage collection, read from its profiler.
func goMemory(b *testing.B, addr string) int64 {
	resp, err := http.Get("http://" + addr + "/debug/pprof/heap?debug=1&gc=1")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var total int64
	for _, line := range strings.Split(string(data), "\n") {
		for _, key := range []string{"# HeapInuse = ", "# StackInuse = "} {
			if v, ok := strings.CutPrefix(line, key); ok {
				n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				total += n
			}
		}
	}
	return total
}

// cgroupMemory sums the memory charged to the sandbox cgroups Virga (pid)
// makes below its own memory cgroup (virga/<server>/<sandbox>), on cgroup
// v1 or v2.
func cgroupMemory(b *testing.B, pid int) (total int64, count int) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/cgroup", pid))
	if err != nil {
		b.Fatal(err)
	}
	var pattern string
	for _, line := range strings.Split(string(data), "\n") {
		parts := strings.SplitN(line, ":", 3)
		switch {
		case len(parts) == 3 && parts[1] == "memory":
			pattern = filepath.Join("/sys/fs/cgroup/memory", parts[2], "virga", "*", "*", "memory.usage_in_bytes")
		case len(parts) == 3 && parts[0] == "0" && pattern == "":
			pattern = filepath.Join("/sys/fs/cgroup", parts[2], "virga", "*", "*", "memory.current")
		}
	}
	files, _ := filepath.Glob(pattern)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		v, _ := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		total += v
		count++
	}
	return total, count
}
