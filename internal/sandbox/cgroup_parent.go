//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cgroups is where a Manager makes its sandboxes' cgroups.
type cgroups struct {
	v2 bool
	// parents are the directories that hold the sandboxes' cgroups: one
	// per mounted v1 hierarchy, or the single v2 one.
	parents []string
	// ctl maps each available controller to its parent directory.
	ctl map[string]string
	// swap reports that swap can be limited (v1 memsw, v2 swap.max).
	swap bool
	// created are the directories to remove at close, deepest last.
	created []string
}

// openCgroups finds or makes the parent cgroups below mount.
func openCgroups(mount, root string) (*cgroups, error) {
	v2, err := isCgroup2(mount)
	if err != nil {
		return nil, err
	}
	cs := &cgroups{v2: v2, ctl: map[string]string{}}
	if v2 {
		err = cs.openV2(filepath.Join(mount, root), mount)
	} else {
		err = cs.openV1(v1Parents(v1Mounts(readString("/proc/self/mountinfo")), ownCgroups(readString("/proc/self/cgroup")), root))
	}
	if err != nil {
		cs.close()
		return nil, err
	}
	return cs, nil
}

func (cs *cgroups) openV1(parents map[string]string) error {
	for _, c := range controllers {
		dir, ok := parents[c]
		if !ok {
			continue
		}
		if err := cs.mkdirAll(dir); err != nil {
			return err
		}
		cs.ctl[c] = dir
		if !slices.Contains(cs.parents, dir) {
			cs.parents = append(cs.parents, dir)
		}
	}
	cs.swap = exists(filepath.Join(cs.ctl["memory"], "memory.memsw.limit_in_bytes"))
	return nil
}

func (cs *cgroups) openV2(dir, mount string) error {
	if err := cs.mkdirAll(dir); err != nil {
		return err
	}
	cs.parents = []string{dir}
	p := mount
	enableControllers(p)
	for _, name := range strings.Split(strings.Trim(strings.TrimPrefix(dir, mount), "/"), "/") {
		p = filepath.Join(p, name)
		enableControllers(p)
	}
	for _, c := range strings.Fields(readString(filepath.Join(dir, "cgroup.subtree_control"))) {
		if contains(controllers, c) {
			cs.ctl[c] = dir
		}
	}
	cs.swap = exists(filepath.Join(dir, "memory.swap.max"))
	return nil
}

// enableControllers makes the wanted controllers that dir has available to
// its children; one that cannot be enabled is simply missing below.
func enableControllers(dir string) {
	for _, c := range strings.Fields(readString(filepath.Join(dir, "cgroup.controllers"))) {
		if contains(controllers, c) {
			_ = writeFile(filepath.Join(dir, "cgroup.subtree_control"), "+"+c)
		}
	}
}

// mkdirAll makes dir and remembers which directories it created.
func (cs *cgroups) mkdirAll(dir string) error {
	var missing []string
	for d := dir; !exists(d); d = filepath.Dir(d) {
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("create cgroup: %w", err)
		}
		cs.created = append(cs.created, missing[i])
	}
	return nil
}

// reapStale removes sandbox cgroups left behind by a server that died.
func (cs *cgroups) reapStale() (n int) {
	for _, p := range cs.parents {
		entries, _ := os.ReadDir(p)
		for _, e := range entries {
			if e.IsDir() {
				g := &cgroup{v2: cs.v2, dirs: []string{filepath.Join(p, e.Name())}}
				_ = g.kill()
				if g.remove() == nil {
					n++
				}
			}
		}
	}
	return n
}

// close removes the parent directories this Manager made.
func (cs *cgroups) close() error {
	var errs []error
	for i := len(cs.created) - 1; i >= 0; i-- {
		if err := rmdirRetry(cs.created[i]); err != nil {
			errs = append(errs, err)
		}
	}
	cs.created = nil
	return errors.Join(errs...)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func writeFile(path, value string) error {
	return os.WriteFile(path, []byte(value), 0)
}
