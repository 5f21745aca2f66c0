//go:build linux

package sandbox

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const mountinfo = `22 27 0:21 / /proc rw,relatime - proc proc rw
32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
35 31 0:32 /docker/abc /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`

const procCgroup = `9:name=systemd:/
8:pids:/system.slice/virga.service
4:memory:/docker/abc/inner
2:cpu,cpuacct:/
0::/
`

func TestV1Parents(t *testing.T) {
	mounts := v1Mounts(mountinfo)
	own := ownCgroups(procCgroup)
	for _, tc := range []struct {
		root string
		want map[string]string
	}{
		{"virga", map[string]string{
			"cpu":    "/sys/fs/cgroup/cpu,cpuacct/virga",
			"memory": "/sys/fs/cgroup/memory/inner/virga",
			"pids":   "/sys/fs/cgroup/pids/system.slice/virga.service/virga",
		}},
		{"/virga", map[string]string{
			"cpu":    "/sys/fs/cgroup/cpu,cpuacct/virga",
			"memory": "/sys/fs/cgroup/memory/virga",
			"pids":   "/sys/fs/cgroup/pids/virga",
		}},
	} {
		t.Run(tc.root, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, v1Parents(mounts, own, tc.root)); diff != "" {
				t.Fatal(diff)
			}
		})
	}
	if own[""] != "/" {
		t.Errorf("v2 entry = %q", own[""])
	}
}

func TestUnescapeMount(t *testing.T) {
	if got := unescapeMount(`/a\040b\134c`); got != `/a b\c` {
		t.Fatalf("got %q", got)
	}
}

func TestLimitFiles(t *testing.T) {
	v1 := limitFiles(false, 128, true)
	want := []limitFile{
		{"memory", "memory.limit_in_bytes", "134217728"}, {"memory", "memory.memsw.limit_in_bytes", "134217728"},
		{"cpu", "cpu.shares", "74"}, {"pids", "pids.max", "1024"},
	}
	if diff := cmp.Diff(want, v1, cmp.AllowUnexported(limitFile{})); diff != "" {
		t.Error(diff)
	}
	v2 := limitFiles(true, 10240, false)
	want = []limitFile{
		{"memory", "memory.max", "10737418240"}, {"memory", "memory.oom.group", "1"},
		{"cpu", "cpu.weight", "578"}, {"pids", "pids.max", "1024"},
	}
	if diff := cmp.Diff(want, v2, cmp.AllowUnexported(limitFile{})); diff != "" {
		t.Error(diff)
	}
}

func TestKeyedValue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "memory.events")
	os.WriteFile(path, []byte("low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n"), 0o644)
	if got := keyedValue(path, "oom_kill"); got != 1 {
		t.Fatalf("oom_kill = %d", got)
	}
}

// TestCgroupV2 drives the v2 code (clone into the cgroup, cgroup.kill,
// removal) on a v2 hierarchy without controllers, as a hybrid host mounts
// at /sys/fs/cgroup/unified.
func TestCgroupV2(t *testing.T) {
	needRoot(t)
	const mount = "/sys/fs/cgroup/unified"
	if v2, err := isCgroup2(mount); err != nil || !v2 {
		t.Skip("no cgroup v2 hierarchy at", mount)
	}
	m := newTestManagerAt(t, mount)
	if !m.cgroups.v2 {
		t.Fatal("v2 hierarchy not detected")
	}
	for _, c := range controllers {
		_, have := m.cgroups.ctl[c]
		listed := slices.ContainsFunc(m.Limits(), func(l string) bool { return strings.Contains(l, "no "+c+" controller") })
		if have == listed {
			t.Errorf("controller %s: available %v, listed as unenforced %v", c, have, listed)
		}
	}
	s, out := start(t, m, shell(t, `sleep 1000 & cat /proc/self/cgroup; echo ready; wait`))
	waitOutput(t, out, "ready")
	procs := s.cg.procs()
	if len(procs) < 2 || !slices.Contains(procs, s.cmd.Process.Pid) {
		t.Errorf("cgroup.procs = %v, want the shell and sleep", procs)
	}
	if !strings.Contains(out.String(), "0::/\n") {
		t.Errorf("the sandbox should see its cgroup as the root: %q", out)
	}
	assertDestroyed(t, s)
}

func TestCgroupsReapStale(t *testing.T) {
	m := newTestManager(t)
	stale := filepath.Join(m.cgroups.parents[0], "stale-"+strconv.Itoa(os.Getpid()))
	if err := os.Mkdir(stale, 0o755); err != nil {
		t.Fatal(err)
	}
	if n := m.cgroups.reapStale(); n != 1 {
		t.Fatalf("reaped %d", n)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatal("stale cgroup left")
	}
}
