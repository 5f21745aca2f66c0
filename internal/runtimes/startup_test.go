package runtimes

import (
	"os/exec"
	"slices"
	"testing"
	"time"
)

// BenchmarkStartup measures a client's cold start with a trivial handler:
// from exec to its first next. Each run is paired with a run of the bare
// interpreter (exec to exit of an empty program) so that the client's own
// overhead can be told apart from the interpreter's start on a busy machine.
// It reports medians:
//
//	ms/start     exec to first next
//	ms/bare      the bare interpreter
//	ms/overhead  the difference, run by run
//
//	go test ./internal/runtimes -run '^$' -bench Startup -benchtime 40x
func BenchmarkStartup(b *testing.B) {
	for _, tc := range []struct {
		name, lang, handler string
		files               map[string]string
		bare                []string
	}{
		{"python", "python", "h.handler", map[string]string{"h.py": "def handler(e, c):\n    return e\n"}, []string{"-S", "-B", "-c", "pass"}},
		{"node-commonjs", "node", "index.handler", map[string]string{"index.js": "exports.handler = async (e) => e;"}, []string{"-e", "0"}},
		{"node-esm", "node", "index.handler", map[string]string{"index.mjs": "export const handler = async (e) => e;"}, []string{"-e", "0"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			in := interpreter(b, tc.lang)
			var starts, bares, overheads []time.Duration
			for range b.N {
				cmd := exec.Command(in.Path, tc.bare...)
				cmd.Env = sandboxEnv("127.0.0.1:9001", tc.handler, b.TempDir(), "/var/runtime")
				begin := time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
				bare := time.Since(begin)

				c := startClient(b, tc.lang, spec{handler: tc.handler, files: tc.files})
				c.awaitNext(b, 1)
				c.cmd.Process.Kill()
				<-c.exited
				start := c.firstNext.Load().Sub(c.started)

				starts, bares, overheads = append(starts, start), append(bares, bare), append(overheads, start-bare)
			}
			b.ReportMetric(median(starts), "ms/start")
			b.ReportMetric(median(bares), "ms/bare")
			b.ReportMetric(median(overheads), "ms/overhead")
		})
	}
}

func median(runs []time.Duration) float64 {
	slices.Sort(runs)
	return float64(runs[len(runs)/2].Microseconds()) / 1000
}
