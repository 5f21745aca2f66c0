package runtimes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Launch says how to start a runtime inside a sandbox.
type Launch struct {
	Argv []string
	Env  []string
	// ReadOnlyPaths are host directories the runtime needs (an interpreter
	// installed outside the system directories).
	ReadOnlyPaths []string
	// Version and VersionARN are what INIT_START reports.
	Version    string
	VersionARN string
	lang       string // "python" or "node": the runtime may be pre-started
}

// Interpreter is a resolved language interpreter on the host.
type Interpreter struct {
	Path    string // the real binary, not a version-manager shim
	Prefix  string // installation prefix
	Version string // e.g. 3.11.7
	// VirtualEnv is the Python virtual environment Path belongs to, if any.
	VirtualEnv string
}

// CatalogueConfig names the interpreters to use; empty fields mean "find
// python3 / node on PATH".
type CatalogueConfig struct {
	Python string
	Node   string
	Region string
}

// Catalogue maps runtime identifiers to how to start them.
type Catalogue struct {
	region string
	python *Interpreter
	node   *Interpreter
	// Missing explains, per language, why it cannot run here.
	Missing map[string]error
}

// NewCatalogue resolves the interpreters once, so that a cold start never
// goes through a shim such as pyenv's.
func NewCatalogue(ctx context.Context, cfg CatalogueConfig) *Catalogue {
	c := &Catalogue{region: cfg.Region, Missing: map[string]error{}}
	var err error
	if c.python, err = resolvePython(ctx, orDefault(cfg.Python, "python3")); err != nil {
		c.Missing["python"] = err
	}
	if c.node, err = resolveNode(ctx, orDefault(cfg.Node, "node")); err != nil {
		c.Missing["node"] = err
	}
	return c
}

// Launch returns how to start runtime.
func (c *Catalogue) Launch(runtime string) (Launch, error) {
	switch {
	case runtime == "provided" || strings.HasPrefix(runtime, "provided."):
		v := "provided:" + strings.TrimPrefix(strings.TrimPrefix(runtime, "provided"), ".") + ".v1"
		if runtime == "provided" {
			v = "provided:al1.v1"
		}
		return Launch{Argv: []string{"/var/task/bootstrap"}, Version: v, VersionARN: c.versionARN(v)}, nil
	case strings.HasPrefix(runtime, "python3."):
		return c.interpreted(runtime, "python", c.python, pythonArgv, pythonEnv)
	case strings.HasPrefix(runtime, "nodejs"):
		return c.interpreted(runtime, "node", c.node, nodeArgv, nodeEnv(runtime))
	}
	return Launch{}, fmt.Errorf("Virga cannot run the %s runtime on this host", runtime)
}

func (c *Catalogue) interpreted(runtime, lang string, in *Interpreter, argv func(*Interpreter) []string, env []string) (Launch, error) {
	if in == nil {
		return Launch{}, fmt.Errorf("the %s runtime needs %s, which this host lacks: %v", runtime, lang, c.Missing[lang])
	}
	name := map[string]string{"python": "python", "node": "nodejs"}[lang]
	l := Launch{Argv: argv(in), Env: env, Version: name + ":" + in.Version, VersionARN: c.versionARN(name + ":" + in.Version), lang: lang}
	for _, dir := range []string{in.Prefix, in.VirtualEnv} {
		if dir != "" && !underSystemDirs(dir) {
			l.ReadOnlyPaths = append(l.ReadOnlyPaths, dir)
		}
	}
	return l, nil
}

func pythonArgv(in *Interpreter) []string {
	return []string{in.Path, "-S", "-B", "/var/runtime/python/bootstrap.py"}
}

// pythonEnv is what AWS's Python runtimes add to the environment. The client
// needs neither.
var pythonEnv = []string{"PYTHONPATH=/var/runtime", "LC_CTYPE=C.UTF-8"}

// nodeArgv has a flag AWS's Node.js runtimes start with. They also pass
// --expose-gc, which would add over 10 ms to every cold start (the client
// provides gc on first use instead), and heap sizes derived from the
// function's memory, which Launch does not know.
func nodeArgv(in *Interpreter) []string {
	return []string{in.Path, "--max-http-header-size=81920", "/var/runtime/node/bootstrap.cjs"}
}

// nodeEnv is AWS's NODE_PATH for runtime (nodejs20.x: layers' nodejs/node20
// and nodejs directories first). The client sets the same when it is unset.
func nodeEnv(runtime string) []string {
	major := strings.TrimSuffix(strings.TrimPrefix(runtime, "nodejs"), ".x")
	return []string{"NODE_PATH=/opt/nodejs/node" + major + "/node_modules:/opt/nodejs/node_modules:" +
		"/var/runtime/node_modules:/var/runtime:/var/task"}
}

// virtualEnv is the virtual environment the Python at path belongs to, if
// any: the directory of its pyvenv.cfg.
func virtualEnv(path string) string {
	bin := filepath.Dir(path)
	for _, dir := range []string{bin, filepath.Dir(bin)} {
		if _, err := os.Stat(filepath.Join(dir, "pyvenv.cfg")); err == nil {
			return dir
		}
	}
	return ""
}

func (c *Catalogue) versionARN(v string) string {
	sum := sha256.Sum256([]byte(v))
	return "arn:aws:lambda:" + c.region + "::runtime:" + hex.EncodeToString(sum[:])
}

func resolvePython(ctx context.Context, bin string) (*Interpreter, error) {
	out, err := probe(ctx, bin, "-S", "-c", "import sys; print(sys.executable); print(sys.base_prefix); print('%d.%d.%d' % sys.version_info[:3])")
	if err != nil {
		return nil, err
	}
	return &Interpreter{Path: out[0], Prefix: out[1], Version: out[2], VirtualEnv: virtualEnv(out[0])}, nil
}

func resolveNode(ctx context.Context, bin string) (*Interpreter, error) {
	out, err := probe(ctx, bin, "-e", "console.log(process.execPath); console.log(process.versions.node)")
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(out[0])
	if err != nil {
		return nil, err
	}
	return &Interpreter{Path: real, Prefix: filepath.Dir(filepath.Dir(real)), Version: out[1]}, nil
}

// probe runs an interpreter and returns the lines it printed.
func probe(ctx context.Context, bin string, args ...string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	data, err := exec.CommandContext(ctx, bin, args...).Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", bin, err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) < 2 {
		return nil, fmt.Errorf("%s printed %q", bin, data)
	}
	return lines, nil
}

// underSystemDirs reports whether every sandbox sees dir anyway.
func underSystemDirs(dir string) bool {
	for _, sys := range []string{"/usr", "/bin", "/lib", "/lib64", "/sbin"} {
		if dir == sys || strings.HasPrefix(dir, sys+"/") {
			return true
		}
	}
	return false
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
