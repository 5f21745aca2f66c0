//go:build linux

package sandbox

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestDestroy(t *testing.T) {
	m := newTestManager(t)

	t.Run("WhileRunning", func(t *testing.T) {
		s, out := start(t, m, shell(t, `sleep 1000 & sleep 1000 & echo ready; wait`))
		waitOutput(t, out, "ready")
		assertDestroyed(t, s)
		if st := s.ExitStatus(); st.String() != "signal: killed" || st.OOMKilled {
			t.Fatalf("exit status %s, oom %v", st, st.OOMKilled)
		}
	})

	t.Run("BeforeStart", func(t *testing.T) {
		s, err := m.Create(t.Context(), shell(t, `true`))
		if err != nil {
			t.Fatal(err)
		}
		assertDestroyed(t, s)
		if err := s.Start(); !errors.Is(err, ErrDestroyed) {
			t.Fatalf("Start after Destroy = %v", err)
		}
	})

	t.Run("AfterExit", func(t *testing.T) {
		s, _ := start(t, m, shell(t, `true`))
		await(t, s)
		assertDestroyed(t, s)
	})

	t.Run("Twice", func(t *testing.T) {
		s, _ := start(t, m, shell(t, `sleep 1000`))
		assertDestroyed(t, s)
		if err := s.Destroy(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				s, _ := start(t, m, shell(t, `sleep 1000`))
				assertDestroyed(t, s)
			})
		}
		wg.Wait()
		assertNoSandboxes(t, m)
	})
}

func TestManagerClose(t *testing.T) {
	needRoot(t)
	m, err := NewManager(Config{CgroupRoot: "virga-test-close", StateDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := start(t, m, shell(t, `sleep 1000`))
	dirs := slicesClone(m.cgroups.parents)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.Done():
	default:
		t.Fatal("Close left a sandbox running")
	}
	for _, d := range dirs {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("Close left cgroup %s", d)
		}
	}
	if _, err := m.Create(t.Context(), shell(t, `true`)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Create after Close = %v", err)
	}
	if entries, _ := os.ReadDir(m.cfg.StateDir); len(entries) != 0 {
		t.Errorf("Close left %v in the state dir", entries)
	}
}

// assertDestroyed destroys s and checks that nothing of it is left: no
// process, no cgroup, no mount.
func assertDestroyed(t *testing.T, s *Sandbox) {
	t.Helper()
	pid := s.cmd.Process.Pid
	if err := s.Destroy(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.Done():
	default:
		t.Fatal("Done is open after Destroy")
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process %d still exists: %v", pid, err)
	}
	for _, d := range s.cg.dirs {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("cgroup %s still exists", d)
		}
	}
	if mi := readString("/proc/self/mountinfo"); strings.Contains(mi, s.m.cfg.StateDir) {
		t.Errorf("a mount under %s is visible on the host", s.m.cfg.StateDir)
	}
	if entries, _ := os.ReadDir(s.m.rootDir()); len(entries) != 0 {
		t.Errorf("scratch root holds %v", entries)
	}
}

// assertNoSandboxes checks that m tracks no sandbox and has no cgroup.
func assertNoSandboxes(t *testing.T, m *Manager) {
	t.Helper()
	m.mu.Lock()
	n := len(m.live)
	m.mu.Unlock()
	if n != 0 {
		t.Errorf("manager still tracks %d sandboxes", n)
	}
	for _, p := range m.cgroups.parents {
		entries, _ := os.ReadDir(p)
		for _, e := range entries {
			if e.IsDir() {
				t.Errorf("cgroup %s left", filepath.Join(p, e.Name()))
			}
		}
	}
}

// waitOutput waits until the program printed want.
func waitOutput(t *testing.T, out *buffer, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if strings.Contains(out.String(), want) {
			return
		}
	}
	t.Fatalf("program never printed %q; got %q", want, out.String())
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }
