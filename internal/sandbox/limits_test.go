//go:build linux

package sandbox

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestLimits(t *testing.T) {
	m := newTestManager(t)

	t.Run("TmpSize", func(t *testing.T) {
		spec := shell(t, `head -c 80M /dev/zero > /tmp/big; echo rc=$?; du -m /tmp/big | cut -f1`)
		spec.TmpMB = 32
		out, _ := runShell(t, m, spec)
		if !strings.Contains(out, "No space left on device") || !strings.Contains(out, "rc=1\n32\n") {
			t.Fatalf("got %q", out)
		}
	})

	t.Run("MemoryOOMShell", func(t *testing.T) {
		spec := shell(t, `head -c 300M /dev/zero | tail; echo "tail: $?"`)
		spec.MemoryMB = 128
		s, out := start(t, m, spec)
		st := await(t, s)
		if !st.OOMKilled || !strings.Contains(out.String(), "tail: 137") {
			t.Fatalf("got %q, %s, oom %v", out, st, st.OOMKilled)
		}
		if peak := s.MaxMemoryBytes(); peak < 100<<20 || peak > 128<<20 {
			t.Errorf("peak memory %d", peak)
		}
	})

	t.Run("MemoryOOMPython", func(t *testing.T) {
		if _, err := os.Stat(pythonPrefix); err != nil {
			t.Skip("no python at", pythonPrefix)
		}
		spec := shell(t, "")
		spec.MemoryMB = 128
		spec.ReadOnlyPaths = []string{pythonPrefix}
		spec.Argv = []string{pythonPrefix + "/bin/python3.11", "-c", "a = b'x' * (300 << 20)"}
		_, st := runShell(t, m, spec)
		if st.String() != "signal: killed" || !st.OOMKilled {
			t.Fatalf("got %s, oom %v", st, st.OOMKilled)
		}
	})

	t.Run("MemoryWithinLimit", func(t *testing.T) {
		spec := shell(t, `head -c 50M /dev/zero | tail | wc -c`)
		spec.MemoryMB = 128
		s, out := start(t, m, spec)
		st := await(t, s)
		if st.OOMKilled || out.String() != "52428800\n" {
			t.Fatalf("got %q, %s, oom %v", out, st, st.OOMKilled)
		}
		if peak := s.MaxMemoryBytes(); peak < 50<<20 {
			t.Errorf("peak memory %d, want at least 50 MiB", peak)
		}
	})

	t.Run("ForkBomb", func(t *testing.T) {
		spec := shell(t, `bomb() { bomb | bomb & }; bomb; exec sleep 1000`)
		spec.MemoryMB = 2048
		s, _ := start(t, m, spec)
		dir := s.cg.ctl["pids"]
		peak, refused := 0, uint64(0)
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && refused == 0; time.Sleep(20 * time.Millisecond) {
			n, _ := strconv.Atoi(strings.TrimSpace(readString(filepath.Join(dir, "pids.current"))))
			peak, refused = max(peak, n), keyedValue(filepath.Join(dir, "pids.events"), "max")
		}
		t.Logf("peak %d tasks, %d forks refused, %d OOM kills", peak, refused, s.cg.oomKills())
		if refused == 0 || peak > maxPids {
			t.Errorf("fork bomb reached %d tasks, %d forks refused; limit %d", peak, refused, maxPids)
		}
		assertDestroyed(t, s)
	})

	t.Run("CPUWeight", func(t *testing.T) {
		spec := shell(t, `sleep 30`)
		spec.MemoryMB = 1769
		s, _ := start(t, m, spec)
		if got := strings.TrimSpace(readString(filepath.Join(s.cg.ctl["cpu"], "cpu.shares"))); got != "1024" {
			t.Errorf("cpu.shares = %s, want 1024 for 1769 MB", got)
		}
		assertDestroyed(t, s)
	})
}
