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

// devices are the host device nodes mounted into /dev: those of Lambda's
// /dev (which has no terminal and no /dev/shm; Virga keeps a /dev/shm).
var devices = []string{"null", "zero", "full", "random", "urandom"}

// maskedProc are the parts of /proc hidden as Docker hides them by
// default: what tells of the host's hardware, kernel memory, keys and
// timers. The rest of /proc is read-only.
var maskedProc = []string{
	"acpi", "asound", "interrupts", "kcore", "keys", "latency_stats", "sched_debug",
	"scsi", "timer_list", "timer_stats", "sysrq-trigger",
}

// A mountStep is one step of building a sandbox's root, carried out by the
// init in order. Dst is a path inside the sandbox.
type mountStep struct {
	Op       string `json:"op"` // opBind, opLayer, opTmpfs, opProc, opMask, opSymlink or opDir
	Src      string `json:"src,omitempty"`
	Dst      string `json:"dst"`
	Data     string `json:"data,omitempty"`     // tmpfs options; a layer's empty directory
	Device   bool   `json:"device,omitempty"`   // a bind mount of a device node
	Optional bool   `json:"optional,omitempty"` // skip when Src is missing
	ReadOnly bool   `json:"readonly,omitempty"` // a tmpfs made read-only once filled
}

const (
	opBind    = "bind"    // mount host path Src at Dst
	opLayer   = "layer"   // host directory Src at Dst, its host path unseen (over empty directory Data)
	opTmpfs   = "tmpfs"   // a new tmpfs at Dst with options Data
	opMask    = "mask"    // hide Dst (in /proc)
	opProc    = "proc"    // the sandbox's own /proc
	opSymlink = "symlink" // a link at Dst to Src
	opDir     = "dir"     // an empty directory
)

// baseSteps builds what every sandbox shares: system directories, /etc,
// /proc and /dev. etcDir is the template made by writeEtc; empty is an
// empty host directory, the lower layer of every layer step.
func baseSteps(etcDir, empty string, etcMounts []string) []mountStep {
	var steps []mountStep
	for _, d := range systemDirs {
		if target, err := os.Readlink(d); err == nil {
			steps = append(steps, mountStep{Op: opSymlink, Src: target, Dst: d})
		} else if st, err := os.Stat(d); err == nil && st.IsDir() {
			steps = append(steps, mountStep{Op: opBind, Src: d, Dst: d})
		}
	}
	steps = append(steps, mountStep{Op: opLayer, Src: etcDir, Dst: "/etc", Data: empty})
	for _, name := range etcMounts {
		steps = append(steps, mountStep{Op: opBind, Src: "/etc/" + name, Dst: "/etc/" + name})
	}
	steps = append(steps, mountStep{Op: opProc, Dst: "/proc"})
	for _, name := range maskedProc {
		steps = append(steps, mountStep{Op: opMask, Dst: "/proc/" + name})
	}
	return append(steps, devSteps()...)
}

// devSteps makes a minimal /dev.
func devSteps() []mountStep {
	steps := []mountStep{{Op: opTmpfs, Dst: "/dev", Data: "mode=0755,size=64k", ReadOnly: true}}
	for _, d := range devices {
		steps = append(steps, mountStep{Op: opBind, Src: "/dev/" + d, Dst: "/dev/" + d, Device: true, Optional: true})
	}
	links := [][2]string{{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}}
	for _, l := range links {
		steps = append(steps, mountStep{Op: opSymlink, Src: l[0], Dst: "/dev/" + l[1]})
	}
	return steps
}

// plan lists every step of building spec's root, after the base; empty is
// as for baseSteps.
func plan(base []mountStep, spec Spec, empty string) []mountStep {
	steps := slices.Clone(base)
	steps = append(steps, mountStep{Op: opLayer, Src: spec.CodeDir, Dst: "/var/task", Data: empty})
	steps = append(steps, layerOrDir(spec.OptDir, "/opt", empty))
	return append(steps, sharedSteps(spec, empty)...)
}

// sharedSteps are the steps of spec's root that do not depend on its
// function, which a pre-started sandbox carries out ahead: the runtime
// clients, the interpreter's paths, /dev/shm and /tmp.
func sharedSteps(spec Spec, empty string) []mountStep {
	steps := []mountStep{layerOrDir(spec.RuntimeDir, "/var/runtime", empty)}
	for _, p := range spec.ReadOnlyPaths {
		if !underSystemDir(p) {
			steps = append(steps, mountStep{Op: opBind, Src: p, Dst: p})
		}
	}
	return append(steps,
		mountStep{Op: opTmpfs, Dst: "/dev/shm", Data: fmt.Sprintf("mode=1777,size=%dm", spec.MemoryMB)},
		mountStep{Op: opTmpfs, Dst: "/tmp", Data: fmt.Sprintf("mode=1777,size=%dm", max(spec.TmpMB, 1))})
}

func layerOrDir(src, dst, empty string) mountStep {
	if src == "" {
		return mountStep{Op: opDir, Dst: dst}
	}
	return mountStep{Op: opLayer, Src: filepath.Clean(src), Dst: dst, Data: empty}
}
