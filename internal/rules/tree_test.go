package rules

import (
	"bufio"
	"errors"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goPackage is one package of the module as the tests see it.
type goPackage struct {
	path    string // relative to the module root: "internal/store", "cmd/virga"
	dir     string
	name    string
	imports []string // the module's packages its non-test files import, as paths like path
	files   []string // every Go file of the package, its tests included
}

// modulePackages finds every package below the module root, testdata left
// out. Build constraints are those of this machine.
func modulePackages(t *testing.T) []goPackage {
	t.Helper()
	root, module := moduleRoot(t)
	var pkgs []goPackage
	err := filepath.WalkDir(root, func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if dir != root && skipDir(dir, d.Name()) {
			return filepath.SkipDir
		}
		p, err := build.ImportDir(dir, 0)
		var none *build.NoGoError
		if errors.As(err, &none) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, dir)
		pkgs = append(pkgs, goPackage{path: filepath.ToSlash(rel), dir: dir, name: p.Name,
			imports: within(module, p.Imports), files: append(append(append([]string{}, p.GoFiles...), p.CgoFiles...), p.TestGoFiles...)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// skipDir tells the folders that hold no package of the module: fixtures,
// hidden and underscored folders, and other modules.
func skipDir(dir, name string) bool {
	if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	_, err := os.Stat(filepath.Join(dir, "go.mod"))
	return err == nil
}

// within keeps the imports of the module's own packages, relative to its root.
func within(module string, imports []string) []string {
	var own []string
	for _, imp := range imports {
		if rel, ok := strings.CutPrefix(imp, module+"/"); ok {
			own = append(own, rel)
		}
	}
	return own
}

// moduleRoot is the folder of go.mod above this package, and the module's path.
func moduleRoot(t *testing.T) (dir, module string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for s := bufio.NewScanner(f); s.Scan(); {
		if m, ok := strings.CutPrefix(s.Text(), "module "); ok {
			return dir, strings.TrimSpace(m)
		}
	}
	t.Fatal("no module line in go.mod")
	return "", ""
}
