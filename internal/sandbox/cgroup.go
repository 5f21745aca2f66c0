//go:build linux

package sandbox

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// maxPids bounds the tasks (processes and threads) of one sandbox.
const maxPids = 1024

// cgroup is one sandbox's cgroup: a directory per v1 hierarchy, or one v2
// directory.
type cgroup struct {
	v2   bool
	dirs []string
	ctl  map[string]string // controller → this sandbox's directory

	peakMu   sync.Mutex
	peakFile *os.File // kept open: every invocation's REPORT reads it
}

// create makes the cgroup of sandbox id and sets its limits.
func (cs *cgroups) create(id string, memoryMB int) (*cgroup, error) {
	g, err := cs.make(id)
	if err != nil {
		return nil, err
	}
	if err := g.limit(memoryMB, cs.swap); err != nil {
		_ = g.remove()
		return nil, err
	}
	return g, nil
}

// make makes the cgroup named id, without limits.
func (cs *cgroups) make(id string) (*cgroup, error) {
	g := &cgroup{v2: cs.v2, ctl: map[string]string{}}
	for _, p := range cs.parents {
		dir := filepath.Join(p, id)
		if err := os.Mkdir(dir, 0o755); err != nil {
			_ = g.remove()
			return nil, fmt.Errorf("create cgroup: %w", err)
		}
		g.dirs = append(g.dirs, dir)
	}
	for c, p := range cs.ctl {
		g.ctl[c] = filepath.Join(p, id)
	}
	return g, nil
}

// limit sets the cgroup's limits for a sandbox of memoryMB.
func (g *cgroup) limit(memoryMB int, swap bool) error {
	for _, f := range limitFiles(g.v2, memoryMB, swap) {
		if dir, ok := g.ctl[f.controller]; ok {
			if err := writeFile(filepath.Join(dir, f.name), f.value); err != nil {
				return fmt.Errorf("set cgroup limit %s: %w", f.name, err)
			}
		}
	}
	return nil
}

// renamed renames the cgroup to id and returns it by its new name, on
// cgroup v1 only: v2 refuses.
func (g *cgroup) renamed(id string) (*cgroup, error) {
	if g.v2 {
		return nil, errors.ErrUnsupported
	}
	r := &cgroup{ctl: map[string]string{}}
	for _, dir := range g.dirs {
		to := filepath.Join(filepath.Dir(dir), id)
		if err := os.Rename(dir, to); err != nil {
			return nil, fmt.Errorf("rename cgroup: %w", err)
		}
		r.dirs = append(r.dirs, to)
		for c, d := range g.ctl {
			if d == dir {
				r.ctl[c] = to
			}
		}
	}
	return r, nil
}

// idle gives the cgroup the least CPU weight, for a spare waiting to be
// claimed: its start never takes CPU from a running sandbox. limit sets the
// sandbox's own weight.
func (g *cgroup) idle() error {
	dir, ok := g.ctl["cpu"]
	if !ok {
		return nil
	}
	if g.v2 {
		return writeFile(filepath.Join(dir, "cpu.weight"), "1")
	}
	return writeFile(filepath.Join(dir, "cpu.shares"), "2")
}

// limitFile is one value to write into a new cgroup.
type limitFile struct{ controller, name, value string }

// limitFiles lists a sandbox's limits in the order they must be written.
// CPU weight follows memory as on Lambda, where 1769 MB is one vCPU.
func limitFiles(v2 bool, memoryMB int, swap bool) []limitFile {
	mem := strconv.FormatInt(int64(memoryMB)<<20, 10)
	if v2 {
		files := []limitFile{{"memory", "memory.max", mem}, {"memory", "memory.oom.group", "1"}}
		if swap {
			files = append(files, limitFile{"memory", "memory.swap.max", "0"})
		}
		weight := min(max(100*memoryMB/1769, 1), 10000)
		return append(files, limitFile{"cpu", "cpu.weight", strconv.Itoa(weight)}, limitFile{"pids", "pids.max", strconv.Itoa(maxPids)})
	}
	files := []limitFile{{"memory", "memory.limit_in_bytes", mem}}
	if swap {
		files = append(files, limitFile{"memory", "memory.memsw.limit_in_bytes", mem})
	}
	shares := max(1024*memoryMB/1769, 2)
	return append(files, limitFile{"cpu", "cpu.shares", strconv.Itoa(shares)}, limitFile{"pids", "pids.max", strconv.Itoa(maxPids)})
}

// openFD opens the v2 directory for CLONE_INTO_CGROUP.
func (g *cgroup) openFD() (int, error) {
	return unix.Open(g.dirs[0], unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
}

// place moves process pid into the cgroup.
func (g *cgroup) place(pid int) error {
	for _, dir := range g.dirs {
		if err := writeFile(filepath.Join(dir, "cgroup.procs"), strconv.Itoa(pid)); err != nil {
			return fmt.Errorf("join cgroup: %w", err)
		}
	}
	return nil
}

// kill ends every process in the cgroup: at once with v2's cgroup.kill,
// else one by one.
func (g *cgroup) kill() error {
	if g.v2 && writeFile(filepath.Join(g.dirs[0], "cgroup.kill"), "1") == nil {
		return nil
	}
	pids := g.procs()
	for _, pid := range pids {
		_ = unix.Kill(pid, unix.SIGKILL)
	}
	if len(pids) == 0 {
		return errors.New("no process to kill")
	}
	return nil
}

// procs lists the processes in the cgroup.
func (g *cgroup) procs() []int {
	var pids []int
	for _, dir := range g.dirs {
		for _, f := range strings.Fields(readString(filepath.Join(dir, "cgroup.procs"))) {
			if pid, err := strconv.Atoi(f); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

// remove deletes the cgroup's directories, killing stragglers.
func (g *cgroup) remove() error {
	g.closePeak()
	var errs []error
	for _, dir := range g.dirs {
		if err := rmdirRetry(dir); err != nil {
			_ = g.kill()
			errs = append(errs, rmdirRetry(dir))
		}
	}
	return errors.Join(errs...)
}

// oomKills counts the processes the OOM killer ended in this cgroup.
func (g *cgroup) oomKills() uint64 {
	dir, ok := g.ctl["memory"]
	if !ok {
		return 0
	}
	if g.v2 {
		return keyedValue(filepath.Join(dir, "memory.events"), "oom_kill")
	}
	return keyedValue(filepath.Join(dir, "memory.oom_control"), "oom_kill")
}

// peak is the most memory the cgroup ever used, in bytes.
func (g *cgroup) peak() uint64 {
	dir, ok := g.ctl["memory"]
	if !ok {
		return 0
	}
	name := "memory.max_usage_in_bytes"
	if g.v2 {
		name = "memory.peak"
	}
	g.peakMu.Lock()
	defer g.peakMu.Unlock()
	if g.peakFile == nil {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return 0
		}
		g.peakFile = f
	}
	var buf [32]byte
	n, _ := g.peakFile.ReadAt(buf[:], 0)
	v, _ := strconv.ParseUint(strings.TrimSpace(string(buf[:n])), 10, 64)
	return v
}

// closePeak closes the kept memory file, so the cgroup can be removed.
func (g *cgroup) closePeak() {
	g.peakMu.Lock()
	defer g.peakMu.Unlock()
	if g.peakFile != nil {
		g.peakFile.Close()
		g.peakFile = nil
	}
}

// keyedValue reads one "key value" line of a cgroup file.
func keyedValue(path, key string) uint64 {
	sc := bufio.NewScanner(strings.NewReader(readString(path)))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), " ")
		if k == key {
			n, _ := strconv.ParseUint(v, 10, 64)
			return n
		}
	}
	return 0
}

// rmdirRetry removes a cgroup directory, waiting out the moment between
// the death of its last process and the kernel letting it go.
func rmdirRetry(dir string) error {
	delay := 100 * time.Microsecond
	for deadline := time.Now().Add(2 * time.Second); ; delay *= 2 {
		err := unix.Rmdir(dir)
		if err == nil || errors.Is(err, syscall.ENOENT) {
			return nil
		}
		if !errors.Is(err, syscall.EBUSY) || time.Now().After(deadline) {
			return fmt.Errorf("remove cgroup %s: %w", dir, err)
		}
		time.Sleep(min(delay, 50*time.Millisecond))
	}
}
