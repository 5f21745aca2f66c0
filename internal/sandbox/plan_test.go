//go:build linux

package sandbox

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPlan(t *testing.T) {
	etc := t.TempDir()
	mounts, err := writeEtc(etc, "/etc", "/etc/resolv.conf", 993, 990)
	if err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	steps := plan(baseSteps(etc, empty, mounts), Spec{
		CodeDir: "/code", RuntimeDir: "/rt", ReadOnlyPaths: []string{"/usr/lib/jvm", "/home/u/.nvm/v22"},
		MemoryMB: 128, TmpMB: 512,
	}, empty)
	byDst := map[string]mountStep{}
	for _, s := range steps {
		byDst[s.Dst] = s
	}
	for dst, want := range map[string]mountStep{
		"/var/task":        {Op: opLayer, Src: "/code", Dst: "/var/task", Data: empty},
		"/var/runtime":     {Op: opLayer, Src: "/rt", Dst: "/var/runtime", Data: empty},
		"/opt":             {Op: opDir, Dst: "/opt"},
		"/home/u/.nvm/v22": {Op: opBind, Src: "/home/u/.nvm/v22", Dst: "/home/u/.nvm/v22"},
		"/etc":             {Op: opLayer, Src: etc, Dst: "/etc", Data: empty},
		"/proc":            {Op: opProc, Dst: "/proc"},
		"/proc/kcore":      {Op: opMask, Dst: "/proc/kcore"},
		"/tmp":             {Op: opTmpfs, Dst: "/tmp", Data: "mode=1777,size=512m"},
		"/dev/null":        {Op: opBind, Src: "/dev/null", Dst: "/dev/null", Device: true, Optional: true},
		"/dev/fd":          {Op: opSymlink, Src: "/proc/self/fd", Dst: "/dev/fd"},
	} {
		if byDst[dst] != want {
			t.Errorf("%s: %+v, want %+v", dst, byDst[dst], want)
		}
	}
	if _, ok := byDst["/usr/lib/jvm"]; ok {
		t.Error("a read-only path under /usr is mounted twice")
	}
	if i, j := index(steps, "/dev"), index(steps, "/dev/null"); i > j {
		t.Error("/dev/null is mounted before /dev")
	}
	for _, s := range steps {
		if s.Op == opBind && s.Device != strings.HasPrefix(s.Dst, "/dev/") {
			t.Errorf("%s: device %v", s.Dst, s.Device)
		}
		if s.Op == opBind && within(s.Src, filepath.Dir(etc)) {
			t.Errorf("%s: the state directory bound, its path visible", s.Dst)
		}
	}
}

func index(steps []mountStep, dst string) int {
	return slices.IndexFunc(steps, func(s mountStep) bool { return s.Dst == dst })
}

func TestWriteEtc(t *testing.T) {
	host := t.TempDir()
	os.WriteFile(filepath.Join(host, "resolv.conf"), []byte("nameserver 10.0.0.2\n"), 0o644)
	os.WriteFile(filepath.Join(host, "ld.so.preload"), []byte("/evil.so\n"), 0o644)
	os.WriteFile(filepath.Join(host, "shadow"), []byte("root:secret"), 0o600)
	os.Symlink("/usr/share/zoneinfo/Europe/Paris", filepath.Join(host, "localtime"))
	os.Mkdir(filepath.Join(host, "ssl"), 0o755)
	dir := filepath.Join(t.TempDir(), "etc")
	mounts, err := writeEtc(dir, host, filepath.Join(host, "resolv.conf"), 993, 990)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(mounts, []string{"ssl"}) {
		t.Errorf("mounts = %v", mounts)
	}
	if target, _ := os.Readlink(filepath.Join(dir, "localtime")); target != "/usr/share/zoneinfo/Europe/Paris" {
		t.Errorf("localtime -> %q", target)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "resolv.conf")); string(data) != "nameserver 10.0.0.2\n" {
		t.Errorf("resolv.conf = %q", data)
	}
	for _, absent := range []string{"ld.so.preload", "shadow"} {
		if _, err := os.Stat(filepath.Join(dir, absent)); err == nil {
			t.Errorf("%s copied", absent)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "passwd")); !strings.Contains(string(data), "sbx_user1051:x:993:990:") {
		t.Errorf("passwd = %q", data)
	}
}
