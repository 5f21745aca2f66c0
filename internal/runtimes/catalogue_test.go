package runtimes

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCatalogueLaunch(t *testing.T) {
	python := &Interpreter{Path: "/opt/py/bin/python3", Prefix: "/opt/py", Version: "3.11.7"}
	node := &Interpreter{Path: "/usr/bin/node", Prefix: "/usr", Version: "20.20.2"}
	c := &Catalogue{region: "us-east-1", python: python, node: node, Missing: map[string]error{}}

	t.Run("Python", func(t *testing.T) {
		l, err := c.Launch("python3.12")
		if err != nil {
			t.Fatal(err)
		}
		want := Launch{
			Argv:          []string{"/opt/py/bin/python3", "-S", "-B", "/var/runtime/python/bootstrap.py"},
			Env:           []string{"PYTHONPATH=/var/runtime", "LC_CTYPE=C.UTF-8"},
			ReadOnlyPaths: []string{"/opt/py"},
			Version:       "python:3.11.7",
			VersionARN:    c.versionARN("python:3.11.7"),
		}
		if diff := cmp.Diff(want, l, cmpopts.IgnoreUnexported(Launch{})); diff != "" {
			t.Errorf("Launch (-want +got):\n%s", diff)
		}
	})

	t.Run("Node", func(t *testing.T) {
		l, err := c.Launch("nodejs22.x")
		if err != nil {
			t.Fatal(err)
		}
		want := Launch{
			Argv: []string{"/usr/bin/node", "--max-http-header-size=81920", "/var/runtime/node/bootstrap.cjs"},
			Env: []string{"NODE_PATH=/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:" +
				"/var/runtime/node_modules:/var/runtime:/var/task"},
			Version:    "nodejs:20.20.2",
			VersionARN: c.versionARN("nodejs:20.20.2"),
		}
		if diff := cmp.Diff(want, l, cmpopts.IgnoreUnexported(Launch{})); diff != "" {
			t.Errorf("Launch (-want +got):\n%s", diff)
		}
	})

	t.Run("VirtualEnv", func(t *testing.T) {
		venv := t.TempDir()
		if err := os.WriteFile(filepath.Join(venv, "pyvenv.cfg"), []byte("home = /opt/py/bin\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		in := &Interpreter{Path: filepath.Join(venv, "bin", "python3"), Prefix: "/opt/py", Version: "3.11.7"}
		in.VirtualEnv = virtualEnv(in.Path)
		c := &Catalogue{python: in, Missing: map[string]error{}}
		l, err := c.Launch("python3.11")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(l.ReadOnlyPaths, []string{"/opt/py", venv}) {
			t.Errorf("ReadOnlyPaths = %q, want the installation and the virtual environment", l.ReadOnlyPaths)
		}
	})
}

func TestInstallClients(t *testing.T) {
	in := interpreter(t, "python")
	dir := t.TempDir()
	c := &Catalogue{python: in, Missing: map[string]error{}}
	for range 2 { // installing again over an installation works
		if err := c.InstallClients(t.Context(), dir); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"python/bootstrap.py", "python/virga_runtime.py", "node/bootstrap.cjs"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if pyc, _ := filepath.Glob(filepath.Join(dir, "python", "__pycache__", "virga_runtime.*.pyc")); len(pyc) != 1 {
		t.Errorf("compiled client: %q", pyc)
	}
}
