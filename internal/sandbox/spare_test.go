//go:build linux

package sandbox

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestSpares(t *testing.T) {
	needRoot(t)
	m, err := NewManager(Config{CgroupRoot: "virga-test-spares", StateDir: t.TempDir(), Spares: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	runShell(t, m, shell(t, `true`)) // the first Create starts the spares
	waitSpares(t, m, 2)

	t.Run("FileOutput", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		// It stays a second so that its cgroup is read while it runs.
		spec := shell(t, `echo out; echo err >&2; cat /proc/self/cgroup | grep -c :/$; sleep 1`)
		spec.Stdout, spec.Stderr = w, w
		s, _ := start(t, m, spec)
		w.Close()
		if !slices.Contains(s.cg.procs(), s.cmd.Process.Pid) && !isDone(s) {
			t.Error("a claimed spare is not in its cgroup")
		}
		for _, dir := range s.cg.dirs {
			if filepath.Base(dir) != spec.ID {
				t.Errorf("cgroup %s of a claimed spare is not named %s", dir, spec.ID)
			}
		}
		await(t, s)
		out, _ := io.ReadAll(r)
		if !strings.HasPrefix(string(out), "out\nerr\n") {
			t.Fatalf("got %q", out)
		}
	})

	t.Run("BufferOutputStartsItsOwn", func(t *testing.T) {
		waitSpares(t, m, 2)
		out, _ := runShell(t, m, shell(t, `echo hi`))
		if out != "hi\n" || len(m.spares) != 2 {
			t.Fatalf("got %q with %d spares left", out, len(m.spares))
		}
	})

	t.Run("MemoryLimit", func(t *testing.T) {
		waitSpares(t, m, 2)
		spec := shell(t, `head -c 300M /dev/zero | tail`)
		spec.MemoryMB, spec.Stdout, spec.Stderr = 128, nil, nil
		s, _ := start(t, m, spec)
		if got := cpuWeight(s.cg); got != "74" && got != "7" {
			t.Errorf("CPU weight of a claimed 128 MB spare = %q, want its memory's share", got)
		}
		if st := await(t, s); !st.OOMKilled {
			t.Fatalf("a claimed spare escaped its memory limit: %s", st)
		}
	})

	t.Run("WaitAtLeastWeight", func(t *testing.T) {
		waitSpares(t, m, 2)
		s := <-m.spares
		defer func() { m.spares <- s }()
		if got := cpuWeight(s.cg); got != "2" && got != "1" {
			t.Errorf("CPU weight of a waiting spare = %q, want the least", got)
		}
	})

	t.Run("CloseEndsSpares", func(t *testing.T) {
		waitSpares(t, m, 2)
		var pids []int
		for range 2 {
			s := <-m.spares
			pids = append(pids, s.cmd.Process.Pid)
			m.spares <- s
		}
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		for _, pid := range pids {
			if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
				t.Errorf("spare %d outlived Close", pid)
			}
		}
	})
}

func waitSpares(t *testing.T, m *Manager, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); len(m.spares) < n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d spares ready, want %d", len(m.spares), n)
		}
	}
}

// cpuWeight reads cpu.shares (v1) or cpu.weight (v2) of g.
func cpuWeight(g *cgroup) string {
	dir, name := g.ctl["cpu"], "cpu.shares"
	if g.v2 {
		name = "cpu.weight"
	}
	return strings.TrimSpace(readString(filepath.Join(dir, name)))
}
