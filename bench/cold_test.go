package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// coldFunctions are the hello functions of the cold start benchmarks, each
// with the program that does the same work outside any sandbox.
var coldFunctions = []struct {
	name, runtime, handler string
	files                  func(b *testing.B) map[string][]byte
	baseline               func(b *testing.B, dir string) *exec.Cmd
}{
	{"provided", "provided.al2023", "bootstrap",
		func(b *testing.B) map[string][]byte { return map[string][]byte{"bootstrap": goEcho(b)} },
		func(b *testing.B, dir string) *exec.Cmd { return exec.Command(goHello(b, dir)) }},
	{"python", "python3.12", "app.handler",
		func(*testing.B) map[string][]byte {
			return map[string][]byte{"app.py": []byte("def handler(event, context):\n    return {'hello': 'world'}\n")}
		},
		func(b *testing.B, dir string) *exec.Cmd {
			main := filepath.Join(dir, "handler_main.py")
			os.WriteFile(main, []byte("import json\ndef handler(event, context):\n    return {'hello': 'world'}\nprint(json.dumps(handler({}, None)))\n"), 0o644)
			return exec.Command(realPath(b, "python3"), "-S", "-B", main)
		}},
	{"nodejs", "nodejs20.x", "index.handler",
		func(*testing.B) map[string][]byte {
			return map[string][]byte{"index.js": []byte("exports.handler = async () => ({hello: 'world'});\n")}
		},
		func(b *testing.B, dir string) *exec.Cmd {
			main := filepath.Join(dir, "handler_main.js")
			os.WriteFile(main, []byte("const handler = async () => ({hello: 'world'});\nhandler().then(r => console.log(JSON.stringify(r)));\n"), 0o644)
			return exec.Command(realPath(b, "node"), main)
		}},
}

// BenchmarkColdStart times request → response on a brand-new environment
// (a new function each time, its code already extracted) against the exec
// of a program doing the same work outside any sandbox, and, for
// `provided`, against the runtime floor: the same bootstrap exec'd against
// a bare broker, until it has answered its first event.
func BenchmarkColdStart(b *testing.B) {
	b.Run("floor=bare-broker/provided", func(b *testing.B) {
		bin := filepath.Join(b.TempDir(), "bootstrap")
		if err := os.WriteFile(bin, goEcho(b), 0o755); err != nil {
			b.Fatal(err)
		}
		d := make([]time.Duration, 0, b.N)
		for range b.N {
			d = append(d, coldFloor(b, bin))
		}
		reportPercentiles(b, d)
	})
	for _, fn := range coldFunctions {
		b.Run("baseline=exec/"+fn.name, func(b *testing.B) {
			dir := b.TempDir()
			cmd := fn.baseline(b, dir)
			latencies(b, func() error {
				c := exec.Command(cmd.Path, cmd.Args[1:]...)
				return c.Run()
			})
		})
		b.Run("virga=cold/"+fn.name, func(b *testing.B) {
			s := startServer(b)
			files := fn.files(b)
			names := make([]string, b.N)
			for i := range names {
				names[i] = fmt.Sprintf("cold-%s-%d", fn.name, i)
				s.create(b, names[i], fn.runtime, fn.handler, files)
			}
			i := 0
			latencies(b, func() error {
				status, err := s.invoke(names[i], "RequestResponse", []byte(`{}`))
				i++
				if err == nil && status != 200 {
					err = fmt.Errorf("status %d", status)
				}
				return err
			})
		})
	}
}

// BenchmarkBurst sends 100 simultaneous invocations to a cold function and
// reports the time until all have answered, next to 100 sequential cold
// starts divided by the cores (the work a perfect scheduler would spread).
func BenchmarkBurst(b *testing.B) {
	const n = 100
	s := startServer(b)
	echo := map[string][]byte{"bootstrap": goEcho(b)}
	var total time.Duration
	for i := range b.N {
		name := fmt.Sprintf("burst-%d", i)
		s.create(b, name, "provided.al2023", "bootstrap", echo)
		b.StartTimer()
		t0 := time.Now()
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if status, err := s.invoke(name, "RequestResponse", []byte(`{}`)); err != nil || status != 200 {
					b.Errorf("burst invoke: %d %v", status, err)
				}
			}()
		}
		wg.Wait()
		total += time.Since(t0)
		b.StopTimer()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/burst")
}

// goHello builds a Go program that does the echo function's work once.
func goHello(b *testing.B, dir string) string {
	src := filepath.Join(dir, "main.go")
	os.WriteFile(src, []byte("package main\n\nimport (\"encoding/json\"; \"os\")\n\nfunc main() { json.NewEncoder(os.Stdout).Encode(map[string]string{\"hello\": \"world\"}) }\n"), 0o644)
	out := filepath.Join(dir, "hello")
	if msg, err := exec.Command("go", "build", "-o", out, src).CombinedOutput(); err != nil {
		b.Fatalf("build hello: %v\n%s", err, msg)
	}
	return out
}

// realPath resolves a command on PATH to its real binary, past version
// manager shims, as Virga's runtime catalogue does.
func realPath(b *testing.B, name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		b.Skip(name, "not installed")
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if name == "python3" {
		if out, err := exec.Command(p, "-c", "import sys; print(sys.executable)").Output(); err == nil {
			return string(out[:len(out)-1])
		}
	}
	return p
}

// BenchmarkColdStartOutbound isolates what outbound networking adds to a
// cold start: two servers of the same binary, one with --outbound=false,
// take turns at cold-starting the same `provided` function, so that the
// machine's noise falls on both alike.
func BenchmarkColdStartOutbound(b *testing.B) {
	servers := map[string]*server{"off": startServer(b, "--outbound=false"), "on": startServer(b)}
	files := map[string][]byte{"bootstrap": goEcho(b)}
	for _, s := range servers {
		for i := range b.N {
			s.create(b, fmt.Sprintf("cold-net-%d", i), "provided.al2023", "bootstrap", files)
		}
	}
	d := map[string][]time.Duration{}
	b.ResetTimer()
	for i := range b.N {
		order := []string{"off", "on"}
		if i%2 == 1 {
			order = []string{"on", "off"} // neither always follows the other's refill
		}
		for _, mode := range order {
			t0 := time.Now()
			status, err := servers[mode].invoke(fmt.Sprintf("cold-net-%d", i), "RequestResponse", []byte(`{}`))
			if err != nil || status != 200 {
				b.Fatalf("invoke: %d %v", status, err)
			}
			d[mode] = append(d[mode], time.Since(t0))
		}
	}
	b.StopTimer()
	for _, mode := range []string{"off", "on"} {
		b.ReportMetric(float64(median(d[mode]).Microseconds()), mode+"-p50-µs")
	}
}
