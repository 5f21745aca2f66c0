// Package runtimes is what Virga knows about Lambda's managed runtimes: how to
// start each on this host (the Catalogue) and the runtime interface clients it
// ships for them (Clients).
//
// A managed runtime on AWS is a language interpreter plus a runtime interface
// client: the program that talks to the Runtime API, loads the function's
// handler, calls it for every event and reports results, errors and logs in
// the shapes callers expect. Virga runs the host's own interpreters (Python 3
// for python3.x, Node.js for nodejs*.x) with its own clients, written from
// AWS's documented behaviour:
//
//	python/bootstrap.py       for python3.9 … python3.14 (any Python 3.7+), which
//	python/virga_runtime.py   imports the client module; standard library only
//	node/bootstrap.cjs        for nodejs18.x … nodejs22.x, Node's modules only
//
// The server writes Clients into the directory it mounts read-only at
// /var/runtime with Catalogue.InstallClients, which also compiles the Python
// client's bytecode, and starts a client as the Catalogue's Launch says. The
// clients need only the sandbox's standard environment: AWS_LAMBDA_RUNTIME_API,
// _HANDLER, LAMBDA_TASK_ROOT and the AWS_LAMBDA_* variables. Each file's
// opening comment describes its client.
package runtimes

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Clients holds the runtime interface clients, laid out as under
// /var/runtime.
//
//go:embed python/bootstrap.py python/virga_runtime.py node/bootstrap.cjs
var Clients embed.FS

// Install writes Clients into dir, replacing each file atomically so that a
// runtime starting meanwhile reads either the old client or the new one.
func Install(dir string) error {
	return fs.WalkDir(Clients, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := Clients.ReadFile(path)
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(path)), data); err != nil {
			return fmt.Errorf("install runtime client: %w", err)
		}
		return nil
	})
}

// InstallClients installs Clients into dir, as Install does, and compiles the
// Python client's bytecode for the catalogue's Python. Python compiles a
// module it cannot find compiled on every start, which would be the largest
// part of a Python cold start (the sandbox cannot write the bytecode back).
func (c *Catalogue) InstallClients(ctx context.Context, dir string) error {
	if err := Install(dir); err != nil {
		return err
	}
	if c.python == nil {
		return nil
	}
	return compilePython(ctx, c.python.Path, filepath.Join(dir, "python", "virga_runtime.py"))
}

// compilePython writes source's bytecode to its __pycache__ directory. The
// bytecode is checked against a hash of the source, not its modification
// time, so a copied or reinstalled source never runs stale bytecode.
func compilePython(ctx context.Context, python, source string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	const script = "import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True, " +
		"invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)"
	if out, err := exec.CommandContext(ctx, python, "-S", "-c", script, source).CombinedOutput(); err != nil {
		return fmt.Errorf("compile the Python runtime client: %w: %s", err, out)
	}
	return nil
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".install-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
