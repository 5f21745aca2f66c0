//go:build linux

package sandbox

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestMountTable reads the sandbox's mountinfo from inside: every mount
// read-only but /tmp and /dev/shm, nosuid and nodev but the device nodes,
// private, and no host path of the server's directories anywhere.
func TestMountTable(t *testing.T) {
	m := newTestManager(t)
	spec := shell(t, `cat /proc/self/mountinfo`)
	out, _ := runShell(t, m, spec)
	for _, hidden := range []string{filepath.Dir(m.cfg.StateDir), spec.CodeDir} {
		if strings.Contains(out, hidden) {
			t.Errorf("mountinfo shows %s:\n%s", hidden, out)
		}
	}
	writable := []string{"/tmp", "/dev/shm"}
	devices := []string{"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		point, opts, tags := f[4], strings.Split(f[5], ","), f[6:slices.Index(f, "-")]
		if ro := slices.Contains(opts, "ro"); ro == slices.Contains(writable, point) {
			t.Errorf("%s: options %v", point, opts)
		}
		if !slices.Contains(opts, "nosuid") || slices.Contains(opts, "nodev") == slices.Contains(devices, point) {
			t.Errorf("%s: options %v", point, opts)
		}
		for _, tag := range tags {
			if strings.HasPrefix(tag, "shared:") || strings.HasPrefix(tag, "master:") {
				t.Errorf("%s: propagation %s", point, tag)
			}
		}
	}
}
