package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// prestartFunctions are the hello functions of the pre-started cold start
// benchmark, each with the bare interpreter importing the same handler.
var prestartFunctions = []struct {
	name, runtime, handler, file, code string
	baseline                           func(b *testing.B) []string
}{
	{"python", "python3.12", "app.handler", "app.py", "def handler(event, context):\n    return {'hello': 'world'}\n",
		func(b *testing.B) []string { return []string{realPath(b, "python3"), "-S", "-B", "-c", "import app"} }},
	{"nodejs", "nodejs22.x", "index.handler", "index.js", "exports.handler = async () => ({hello: 'world'});\n",
		func(b *testing.B) []string { return []string{realPath(b, "node"), "-e", `require("./index")`} }},
}

// prestartNames numbers the benchmark's functions: a server serves every
// run of it.
var prestartNames atomic.Int64

// BenchmarkPrestartedColdStart times a cold start (a new function each
// time) that claims a pre-started sandbox, against the bare interpreter
// importing the same handler in the same run, taking turns so that the
// machine's noise falls on both alike. Between cold starts, untimed, the
// server gets the moment it needs to start the next spare, as it has
// between the cold starts of a real workload.
func BenchmarkPrestartedColdStart(b *testing.B) {
	s := startServer(b, "--prestarted-runtimes", "2")
	for _, fn := range prestartFunctions {
		b.Run(fn.name, func(b *testing.B) {
			dir := b.TempDir()
			if err := os.WriteFile(filepath.Join(dir, fn.file), []byte(fn.code), 0o644); err != nil {
				b.Fatal(err)
			}
			argv := fn.baseline(b)
			files := map[string][]byte{fn.file: []byte(fn.code)}
			names := make([]string, b.N+1)
			for i := range names {
				names[i] = fmt.Sprintf("pre-%s-%d", fn.name, prestartNames.Add(1))
				s.create(b, names[i], fn.runtime, fn.handler, files)
			}
			coldInvoke(b, s, names[b.N]) // the first cold start of a runtime starts its spares
			var bare, virga []time.Duration
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				time.Sleep(500 * time.Millisecond)
				b.StartTimer()
				bare = append(bare, timeBare(b, dir, argv))
				t0 := time.Now()
				coldInvoke(b, s, names[i])
				virga = append(virga, time.Since(t0))
			}
			b.StopTimer()
			reportRatio(b, bare, virga)
		})
	}
}

func timeBare(b *testing.B, dir string, argv []string) time.Duration {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	t0 := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%v: %v\n%s", argv, err, out)
	}
	return time.Since(t0)
}

func coldInvoke(b *testing.B, s *server, name string) {
	if status, err := s.invoke(name, "RequestResponse", []byte(`{}`)); err != nil || status != 200 {
		b.Fatalf("invoke %s: %d %v", name, status, err)
	}
}

// reportRatio reports both medians and Virga's as a share of the bare
// interpreter's.
func reportRatio(b *testing.B, bare, virga []time.Duration) {
	slices.Sort(bare)
	slices.Sort(virga)
	b.ReportMetric(float64(median(bare).Microseconds()), "bare-p50-µs")
	b.ReportMetric(float64(median(virga).Microseconds()), "virga-p50-µs")
	b.ReportMetric(float64(median(virga))/float64(median(bare)), "virga/bare")
}
