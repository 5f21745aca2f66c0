//go:build linux

package sandbox

import (
	"os/exec"
	"testing"
	"time"
)

// BenchmarkColdStart compares a whole sandbox life around /bin/true
// (Create, Listen, Start, exit, Destroy) with a plain exec of /bin/true,
// and reports the sandbox's phases.
func BenchmarkColdStart(b *testing.B) {
	m := newTestManager(b)
	code := codeDir(b)
	b.Run("PlainExec", func(b *testing.B) {
		for b.Loop() {
			if err := exec.Command("/bin/true").Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Sandbox", func(b *testing.B) { benchLifecycle(b, m, code, false) })
	spares, err := NewManager(Config{CgroupRoot: "virga-bench-spares", StateDir: b.TempDir(), Spares: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer spares.Close()
	b.Run("SandboxFromSpare", func(b *testing.B) { benchLifecycle(b, spares, code, false) })
	linked, err := NewManager(Config{CgroupRoot: "virga-bench-link", StateDir: b.TempDir(), Network: true})
	if err != nil {
		b.Fatal(err)
	}
	defer linked.Close()
	b.Run("SandboxWithLink", func(b *testing.B) { benchLifecycle(b, linked, code, true) })
	linkedSpares, err := NewManager(Config{CgroupRoot: "virga-bench-link-spares", StateDir: b.TempDir(), Spares: 2, Network: true})
	if err != nil {
		b.Fatal(err)
	}
	defer linkedSpares.Close()
	b.Run("SandboxFromSpareWithLink", func(b *testing.B) { benchLifecycle(b, linkedSpares, code, true) })
}

func benchLifecycle(b *testing.B, m *Manager, code string, network bool) {
	var phases [5]time.Duration
	for b.Loop() {
		if m.cfg.Spares > 0 {
			b.StopTimer() // measure a Create that finds a spare ready
			m.refill()
			for len(m.spares) < m.cfg.Spares {
				time.Sleep(100 * time.Microsecond)
			}
			b.StartTimer()
		}
		lifecycle(b, m, Spec{ID: newID(), CodeDir: code, MemoryMB: 128, Argv: []string{"/bin/true"}, Network: network}, &phases)
	}
	for i, name := range []string{"create", "listen", "start", "exit", "destroy"} {
		b.ReportMetric(float64(phases[i].Microseconds())/float64(b.N), name+"-µs/op")
	}
}

func lifecycle(b *testing.B, m *Manager, spec Spec, phases *[5]time.Duration) {
	t0 := time.Now()
	s, err := m.Create(b.Context(), spec)
	if err != nil {
		b.Fatal(err)
	}
	if link, ok := s.TakeLink(); ok {
		go link.File.Close() // as the egress does once the sandbox is done
	}
	t1 := time.Now()
	ln, err := s.Listen("127.0.0.1:9001")
	if err != nil {
		b.Fatal(err)
	}
	t2 := time.Now()
	if err := s.Start(); err != nil {
		b.Fatal(err)
	}
	t3 := time.Now()
	<-s.Done()
	t4 := time.Now()
	ln.Close()
	if err := s.Destroy(); err != nil {
		b.Fatal(err)
	}
	t5 := time.Now()
	for i, d := range []time.Duration{t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), t5.Sub(t4)} {
		phases[i] += d
	}
}
