package pool

import (
	"os"
	"path/filepath"
	"testing"
)

func TestBootstrap(t *testing.T) {
	dir := t.TempDir()
	code, opt, empty := filepath.Join(dir, "code"), filepath.Join(dir, "opt"), filepath.Join(dir, "empty")
	for _, d := range []string{code, opt, empty} {
		os.Mkdir(d, 0o755)
	}
	os.WriteFile(filepath.Join(code, "bootstrap"), []byte("#!/bin/sh\n"), 0o755)
	os.WriteFile(filepath.Join(opt, "bootstrap"), []byte("#!/bin/sh\n"), 0o755)
	os.WriteFile(filepath.Join(empty, "bootstrap"), []byte("not executable"), 0o644)
	tests := []struct {
		name, code, opt, want string
	}{
		{"FunctionFirst", code, opt, "/var/task/bootstrap"},
		{"LayerWhenFunctionHasNone", empty, opt, "/opt/bootstrap"},
		{"NoLayers", empty, "", ""},
		{"Neither", empty, empty, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := bootstrap(tt.code, tt.opt)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("bootstrap = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}
