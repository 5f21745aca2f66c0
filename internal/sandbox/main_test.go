//go:build linux

package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestMain lets the test binary serve as the sandbox init, as main does
// for the virga binary.
func TestMain(m *testing.M) {
	if IsInit() {
		RunInit()
	}
	os.Exit(m.Run())
}

// pythonPrefix is this machine's python3, installed outside the system
// directories (behind a pyenv shim).
const pythonPrefix = "/root/.pyenv/versions/3.11.7"

func needRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("real sandboxes need root")
	}
}

// newTestManager makes a Manager whose cgroups and state vanish with the test.
func newTestManager(t testing.TB) *Manager {
	t.Helper()
	return newTestManagerAt(t, cgroupMount)
}

func newTestManagerAt(t testing.TB, mount string) *Manager {
	t.Helper()
	needRoot(t)
	m, err := newManager(Config{CgroupRoot: fmt.Sprintf("virga-test-%d-%d", os.Getpid(), ids.Add(1)), StateDir: t.TempDir()}, mount)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("close manager: %v", err)
		}
	})
	return m
}

var ids atomic.Int64

func newID() string { return "sb" + strconv.FormatInt(ids.Add(1), 10) }

// codeDir makes function code readable by the sandbox user.
func codeDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shell describes a sandbox running script.
func shell(t testing.TB, script string) Spec {
	return Spec{
		ID:       newID(),
		CodeDir:  codeDir(t),
		MemoryMB: 256,
		TmpMB:    64,
		Argv:     []string{"/bin/sh", "-c", script},
		Env:      []string{"PATH=/usr/local/bin:/usr/bin:/bin", "FOO=bar"},
	}
}

// buffer is a bytes.Buffer safe to share with the copying goroutine.
type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// start creates and starts a sandbox; the test destroys it.
func start(t testing.TB, m *Manager, spec Spec) (*Sandbox, *buffer) {
	t.Helper()
	out := &buffer{}
	if spec.Stdout == nil {
		spec.Stdout, spec.Stderr = out, out
	}
	s, err := m.Create(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Destroy() })
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	return s, out
}

// await waits for the program to end.
func await(t testing.TB, s *Sandbox) ExitStatus {
	t.Helper()
	select {
	case <-s.Done():
		return s.ExitStatus()
	case <-time.After(60 * time.Second):
		_ = s.Destroy()
		t.Fatal("sandbox program did not end")
		return ExitStatus{}
	}
}

// runShell runs script to its end and returns its output.
func runShell(t testing.TB, m *Manager, spec Spec) (string, ExitStatus) {
	t.Helper()
	s, out := start(t, m, spec)
	st := await(t, s)
	return out.String(), st
}
