package codezip

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var fuzzLimits = Limits{MaxUnzipped: 1 << 16, MaxFiles: 50}

func fuzzSeeds(f *testing.F) {
	f.Add(build(f, item{name: "a/b.txt", body: "x"}, item{name: "bootstrap", body: "#!", mode: 0o755}))
	f.Add(build(f, link("l", "a"), dir("a/"), link("a/up", "..")))
	f.Add(build(f, link("x", "."), link("y", "x/..")))
	f.Add(build(f, item{name: "../x", body: "x"}))
	f.Add(build(f, item{name: "bomb", body: strings.Repeat("\x00", 1<<17), declared: 10}))
	if data, err := os.ReadFile("testdata/zip-r.zip"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
}

func FuzzInspect(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Inspect(data, fuzzLimits)
		if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("error of no kind: %v", err)
		}
		if err == nil && (info.UnzippedSize > fuzzLimits.MaxUnzipped || info.Files > fuzzLimits.MaxFiles) {
			t.Fatalf("accepted %+v over %+v", info, fuzzLimits)
		}
	})
}

// FuzzExtract extracts arbitrary bytes and checks that nothing lands outside
// the root, every symlink that resolves stays inside, and Extract never
// accepts what Inspect refuses.
func FuzzExtract(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		root := filepath.Join(parent, "root")
		if err := os.Mkdir(root, 0o755); err != nil {
			t.Fatal(err)
		}
		err := Extract(data, root, fuzzLimits)
		if names := listDir(t, parent); len(names) != 1 {
			t.Fatalf("wrote outside the root: %v", names)
		}
		if err != nil {
			return
		}
		if _, err := Inspect(data, fuzzLimits); err != nil {
			t.Fatalf("Extract accepted what Inspect refuses: %v", err)
		}
		checkInside(t, root)
	})
}

func checkInside(t *testing.T, root string) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		info, _ := d.Info()
		if info.Mode().IsRegular() {
			total += info.Size()
		}
		if d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		resolved, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil // dangling
		}
		if rel, err := filepath.Rel(realRoot, resolved); err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
			t.Fatalf("symlink %s resolves to %s, outside the root", p, resolved)
		}
		return nil
	})
	if total > fuzzLimits.MaxUnzipped {
		t.Fatalf("extracted %d bytes, limit %d", total, fuzzLimits.MaxUnzipped)
	}
}
