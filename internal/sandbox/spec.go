package sandbox

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Defaults for Spec.
const (
	DefaultTmpMB = 512
	DefaultDir   = "/var/task"
)

// Spec describes one sandbox.
type Spec struct {
	// ID names the environment; unique among live sandboxes, made of
	// letters, digits, '_', '.' and '-'.
	ID string
	// CodeDir, OptDir and RuntimeDir are host directories mounted
	// read-only at /var/task, /opt and /var/runtime. OptDir and RuntimeDir
	// may be empty: the sandbox then gets an empty directory.
	CodeDir, OptDir, RuntimeDir string
	// ReadOnlyPaths are host paths mounted read-only at the same path, for
	// an interpreter installed outside the system directories.
	ReadOnlyPaths []string
	// MemoryMB limits memory (swap included); TmpMB sizes /tmp (default
	// 512). /tmp is memory-backed and counts against MemoryMB.
	MemoryMB, TmpMB int
	// Argv is the program; a name without '/' is looked up in PATH of Env.
	Argv []string
	Env  []string
	// Dir is the working directory, default /var/task.
	Dir string
	// Network gives the sandbox an outbound interface, when its Manager
	// has Config.Network; without it the sandbox has loopback only.
	Network bool
	// Stdout and Stderr receive the program's output; an *os.File is
	// handed to the program as is, nil means /dev/null.
	Stdout, Stderr io.Writer
	// Prestart lets Create use a spare already running the program (a
	// Config.Prestart with the same Argv, RuntimeDir and ReadOnlyPaths),
	// which the caller vouches can take Env after it started. The program
	// then writes to the pipe Sandbox.Output returns, not to Stdout and
	// Stderr.
	Prestart bool
}

// reserved are the sandbox paths that Virga itself provides.
var reserved = []string{"/etc", "/proc", "/dev", "/tmp", "/opt", "/var/task", "/var/runtime"}

func (s Spec) withDefaults() Spec {
	if s.TmpMB == 0 {
		s.TmpMB = DefaultTmpMB
	}
	if s.Dir == "" {
		s.Dir = DefaultDir
	}
	return s
}

func (s Spec) validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf("sandbox spec: "+format, args...)) }
	if !validID(s.ID) {
		add("ID %q must be 1-64 letters, digits, '_', '.' or '-'", s.ID)
	}
	if !isAbs(s.CodeDir) {
		add("CodeDir %q must be an absolute path", s.CodeDir)
	}
	for _, d := range []string{s.OptDir, s.RuntimeDir} {
		if d != "" && !isAbs(d) {
			add("%q must be an absolute path", d)
		}
	}
	for _, p := range s.ReadOnlyPaths {
		if err := checkReadOnlyPath(p); err != nil {
			add("%v", err)
		}
	}
	if s.MemoryMB <= 0 || s.TmpMB < 0 {
		add("MemoryMB must be positive and TmpMB not negative")
	}
	if len(s.Argv) == 0 || s.Argv[0] == "" {
		add("Argv must name a program")
	}
	if !isAbs(s.Dir) {
		add("Dir %q must be an absolute path", s.Dir)
	}
	for _, kv := range s.Env {
		if !strings.Contains(kv, "=") || strings.IndexByte(kv, 0) >= 0 {
			add("Env entry %q must be KEY=value", kv)
		}
	}
	return errors.Join(errs...)
}

// validID reports whether id is 1-64 letters, digits, '_', '.' or '-', not
// starting with a punctuation mark. (No regexp: its compilation would run
// in every sandbox init's startup.)
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 || strings.IndexByte("_.-", id[0]) >= 0 {
		return false
	}
	for _, c := range []byte(id) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

func checkReadOnlyPath(p string) error {
	if !isAbs(p) || p == "/" {
		return fmt.Errorf("read-only path %q must be a clean absolute path", p)
	}
	for _, r := range reserved {
		if within(p, r) || within(r, p) {
			return fmt.Errorf("read-only path %q overlaps %s", p, r)
		}
	}
	return nil
}

func isAbs(p string) bool {
	return filepath.IsAbs(p) && filepath.Clean(p) == p
}

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/")
}
