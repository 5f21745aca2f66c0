//go:build linux

package sandbox

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// cgroupMount is where a host mounts its cgroup filesystems.
const cgroupMount = "/sys/fs/cgroup"

// controllers are the cgroup controllers a sandbox uses.
var controllers = []string{"memory", "cpu", "pids"}

// isCgroup2 reports whether mount holds the unified (v2) hierarchy.
func isCgroup2(mount string) (bool, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(mount, &st); err != nil {
		return false, fmt.Errorf("statfs %s: %w", mount, err)
	}
	return st.Type == unix.CGROUP2_SUPER_MAGIC, nil
}

// v1Mount is one mounted cgroup v1 hierarchy.
type v1Mount struct {
	point string // where it is mounted
	root  string // the hierarchy's cgroup that appears at point
}

// v1Mounts finds the mount of each wanted controller in a mountinfo file.
func v1Mounts(mountinfo string) map[string]v1Mount {
	found := map[string]v1Mount{}
	sc := bufio.NewScanner(strings.NewReader(mountinfo))
	for sc.Scan() {
		left, right, ok := strings.Cut(sc.Text(), " - ")
		lf, rf := strings.Fields(left), strings.Fields(right)
		if !ok || len(lf) < 5 || len(rf) < 3 || rf[0] != "cgroup" {
			continue
		}
		for _, opt := range strings.Split(rf[2], ",") {
			if contains(controllers, opt) {
				found[opt] = v1Mount{point: unescapeMount(lf[4]), root: unescapeMount(lf[3])}
			}
		}
	}
	return found
}

// ownCgroups parses /proc/self/cgroup into controller → path; the v2 entry
// is keyed "".
func ownCgroups(procCgroup string) map[string]string {
	own := map[string]string{}
	for _, line := range strings.Split(procCgroup, "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			own[""] = parts[2]
		}
		for _, c := range strings.Split(parts[1], ",") {
			own[c] = parts[2]
		}
	}
	return own
}

// v1Parents says, per controller, in which directory the sandboxes'
// cgroups go: root below the server's own cgroup when root is relative.
func v1Parents(mounts map[string]v1Mount, own map[string]string, root string) map[string]string {
	parents := map[string]string{}
	for c, m := range mounts {
		base := "/"
		if !filepath.IsAbs(root) {
			base = strings.TrimPrefix(own[c], strings.TrimSuffix(m.root, "/"))
		}
		parents[c] = filepath.Join(m.point, base, root)
	}
	return parents
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && isOctal(s[i+1:i+4]) {
			b.WriteByte((s[i+1]-'0')<<6 | (s[i+2]-'0')<<3 | (s[i+3] - '0'))
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isOctal(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '7' {
			return false
		}
	}
	return len(s) == 3
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func readString(path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}
