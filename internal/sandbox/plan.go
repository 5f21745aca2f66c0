//go:build linux

package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// systemDirs are the host directories every sandbox sees read-only.
var systemDirs = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}

// devices are the host device nodes mounted into /dev.
var devices = []string{"null", "zero", "full", "random", "urandom", "tty"}

// A mountStep is one step of building a sandbox's root, carried out by the
// init in order. Dst is a path inside the sandbox.
type mountStep struct {
	Op       string `json:"op"` // opBind, opTmpfs, opProc, opSymlink or opDir
	Src      string `json:"src,omitempty"`
	Dst      string `json:"dst"`
	Data     string `json:"data,omitempty"`     // tmpfs options
	Writable bool   `json:"writable,omitempty"` // a bind mount that stays writable (devices)
	Optional bool   `json:"optional,omitempty"` // skip when Src is missing
	ReadOnly bool   `json:"readonly,omitempty"` // a tmpfs made read-only once filled
}

const (
	opBind    = "bind"    // mount host path Src at Dst
	opTmpfs   = "tmpfs"   // a new tmpfs at Dst with options Data
	opProc    = "proc"    // the sandbox's own /proc
	opSymlink = "symlink" // a link at Dst to Src
	opDir     = "dir"     // an empty directory
)

// baseSteps builds what every sandbox shares: system directories, /etc,
// /proc and /dev. etcDir is the template made by writeEtc.
func baseSteps(etcDir string, etcMounts []string) []mountStep {
	var steps []mountStep
	for _, d := range systemDirs {
		if target, err := os.Readlink(d); err == nil {
			steps = append(steps, mountStep{Op: opSymlink, Src: target, Dst: d})
		} else if st, err := os.Stat(d); err == nil && st.IsDir() {
			steps = append(steps, mountStep{Op: opBind, Src: d, Dst: d})
		}
	}
	steps = append(steps, mountStep{Op: opBind, Src: etcDir, Dst: "/etc"})
	for _, name := range etcMounts {
		steps = append(steps, mountStep{Op: opBind, Src: "/etc/" + name, Dst: "/etc/" + name})
	}
	steps = append(steps, mountStep{Op: opProc, Dst: "/proc"})
	return append(steps, devSteps()...)
}

// devSteps makes a minimal /dev.
func devSteps() []mountStep {
	steps := []mountStep{{Op: opTmpfs, Dst: "/dev", Data: "mode=0755,size=64k", ReadOnly: true}}
	for _, d := range devices {
		steps = append(steps, mountStep{Op: opBind, Src: "/dev/" + d, Dst: "/dev/" + d, Writable: true, Optional: true})
	}
	links := [][2]string{{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}}
	for _, l := range links {
		steps = append(steps, mountStep{Op: opSymlink, Src: l[0], Dst: "/dev/" + l[1]})
	}
	return steps
}

// plan lists every step of building spec's root, after the base.
func plan(base []mountStep, spec Spec) []mountStep {
	steps := slices.Clone(base)
	steps = append(steps, mountStep{Op: opBind, Src: spec.CodeDir, Dst: "/var/task"})
	steps = append(steps, bindOrDir(spec.OptDir, "/opt"), bindOrDir(spec.RuntimeDir, "/var/runtime"))
	for _, p := range spec.ReadOnlyPaths {
		if !underSystemDir(p) {
			steps = append(steps, mountStep{Op: opBind, Src: p, Dst: p})
		}
	}
	return append(steps,
		mountStep{Op: opTmpfs, Dst: "/dev/shm", Data: fmt.Sprintf("mode=1777,size=%dm", spec.MemoryMB)},
		mountStep{Op: opTmpfs, Dst: "/tmp", Data: fmt.Sprintf("mode=1777,size=%dm", max(spec.TmpMB, 1))})
}

func bindOrDir(src, dst string) mountStep {
	if src == "" {
		return mountStep{Op: opDir, Dst: dst}
	}
	return mountStep{Op: opBind, Src: filepath.Clean(src), Dst: dst}
}
