//go:build linux

package sandbox

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// prestartScript waits for its claim as a runtime client does, then shows
// what the function sees: the claim, its code and layers, and its pid.
const prestartScript = `IFS= read -r claim; echo "claim:$claim"; cd /var/task && cat hello.txt; ls /opt; echo "pid:$$"; ` +
	`grep -E ' /(var/task|opt) ' /proc/self/mountinfo; touch /var/task/x 2>/dev/null || echo readonly`

func prestartConfig() Prestart {
	return Prestart{Argv: []string{"/bin/sh", "-c", prestartScript}, Env: []string{"PATH=/usr/bin:/bin", "WAITING=1"}}
}

func newPrestartManager(t *testing.T) *Manager {
	t.Helper()
	needRoot(t)
	m, err := NewManager(Config{CgroupRoot: "virga-test-prestart", StateDir: t.TempDir(), Prestart: []Prestart{prestartConfig()}, PrestartSpares: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func prestartSpec(t *testing.T, env ...string) Spec {
	spec := shell(t, prestartScript)
	spec.TmpMB, spec.Prestart, spec.Env = DefaultTmpMB, true, env
	return spec
}

func TestPrestart(t *testing.T) {
	m := newPrestartManager(t)
	p := m.pre[prestartKey(prestartConfig().Argv, "", nil)]
	m.refillPrestarted(prestartSpec(t))
	waitPrestarted(t, p, 2)

	t.Run("ClaimGivesEnvironmentAndCode", func(t *testing.T) {
		spec := prestartSpec(t, "FOO=bar", "TZ=:UTC")
		opt := codeDir(t)
		spec.OptDir = opt
		lines, s := claimAndRun(t, m, spec)
		var got claim
		if err := json.Unmarshal([]byte(strings.TrimPrefix(lines[0], "claim:")), &got); err != nil {
			t.Fatalf("claim line %q: %v", lines[0], err)
		}
		if strings.Join(got.Env, " ") != "FOO=bar TZ=:UTC" || got.Dir != "/var/task" {
			t.Errorf("claim = %+v", got)
		}
		want := []string{"hello", "hello.txt"}
		if lines[1] != want[0] || lines[2] != want[1] {
			t.Errorf("code and layers: %q", lines)
		}
		for _, l := range lines {
			if strings.Contains(l, " /var/task ") && (strings.Contains(l, "master:") || strings.Contains(l, "attach")) {
				t.Errorf("/var/task still receives the host's mounts, or names a host path: %s", l)
			}
		}
		if lines[len(lines)-1] != "readonly" {
			t.Errorf("/var/task is writable: %q", lines)
		}
		if mounted(t, s.pre.attach) {
			t.Errorf("the claimed spare's attach directory is still mounted on the host")
		}
		if _, err := os.Stat(s.pre.attach); !os.IsNotExist(err) {
			t.Errorf("the attach directory outlived its claim: %v", err)
		}
	})

	t.Run("UsedOnce", func(t *testing.T) {
		waitPrestarted(t, p, 2)
		a, sa := claimAndRun(t, m, prestartSpec(t))
		b, sb := claimAndRun(t, m, prestartSpec(t))
		if sa == sb || sa.cmd.Process.Pid == sb.cmd.Process.Pid {
			t.Fatal("two claims got the same spare")
		}
		for _, s := range []*Sandbox{sa, sb} {
			if s.Start() == nil {
				t.Error("a claimed spare started twice")
			}
		}
		_, _ = a, b
	})

	t.Run("FallsBack", func(t *testing.T) {
		waitPrestarted(t, p, 2)
		spec := prestartSpec(t)
		spec.TmpMB = 64 // a spare's /tmp has the default size
		if m.takePrestarted(spec) != nil {
			t.Fatal("a spare was taken for another /tmp size")
		}
		spec = prestartSpec(t)
		spec.Prestart = false
		if m.takePrestarted(spec) != nil {
			t.Fatal("a spare was taken without Spec.Prestart")
		}
	})
}

// claimAndRun claims a spare for spec, runs it to its end and returns
// the lines it printed.
func claimAndRun(t *testing.T, m *Manager, spec Spec) ([]string, *Sandbox) {
	t.Helper()
	s, err := m.Create(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Destroy() })
	out := s.Output()
	if s.pre == nil || out == nil {
		t.Fatal("Create did not use a pre-started spare")
	}
	defer out.Close()
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	await(t, s)
	var lines []string
	for sc := bufio.NewScanner(out); sc.Scan(); {
		lines = append(lines, sc.Text())
	}
	if len(lines) < 5 {
		t.Fatalf("output %q", lines)
	}
	return lines, s
}

func waitPrestarted(t *testing.T, p *spareQueue, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); len(p.ready) < n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d pre-started spares ready, want %d", len(p.ready), n)
		}
	}
}

// mounted reports whether the host has anything mounted at or below dir.
func mounted(t *testing.T, dir string) bool {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(data), " "+filepath.Clean(dir))
}
