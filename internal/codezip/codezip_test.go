package codezip

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type entry struct {
	name, body string
	mode       fs.FileMode
}

func build(t testing.TB, entries ...entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var lim = Limits{MaxUnzipped: 1 << 20, MaxFiles: 100}

func TestExtract(t *testing.T) {
	data := build(t,
		entry{name: "lib/", mode: fs.ModeDir | 0o755},
		entry{name: "lib/util.py", body: "x = 1\n", mode: 0o600},
		entry{name: "bootstrap", body: "#!/bin/sh\n", mode: 0o700},
		entry{name: "node_modules/.bin/tool", body: "../pkg/cli.js", mode: fs.ModeSymlink | 0o777},
		entry{name: "deep/no/dir/entries.txt", body: "ok"},
	)
	info, err := Inspect(data, lim)
	if err != nil || info.Files != 5 {
		t.Fatalf("inspect: %+v %v", info, err)
	}
	dir := t.TempDir()
	if err := Extract(data, dir, lim); err != nil {
		t.Fatal(err)
	}
	checks := map[string]fs.FileMode{"lib/util.py": 0o644, "bootstrap": 0o755, "deep/no/dir/entries.txt": 0o644}
	for name, want := range checks {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want %v", name, st.Mode(), err, want)
		}
	}
	if target, err := os.Readlink(filepath.Join(dir, "node_modules/.bin/tool")); err != nil || target != "../pkg/cli.js" {
		t.Errorf("link: %q %v", target, err)
	}
}

func TestRejects(t *testing.T) {
	tests := []struct {
		name string
		zip  []byte
		want error
	}{
		{"NotAZip", []byte("hello"), ErrInvalid},
		{"DotDot", build(t, entry{name: "../evil", body: "x"}), ErrInvalid},
		{"NestedDotDot", build(t, entry{name: "a/../../evil", body: "x"}), ErrInvalid},
		{"Absolute", build(t, entry{name: "/etc/passwd", body: "x"}), ErrInvalid},
		{"Backslash", build(t, entry{name: "..\\evil", body: "x"}), ErrInvalid},
		{"LinkOut", build(t, entry{name: "l", body: "../../etc", mode: fs.ModeSymlink | 0o777}), ErrInvalid},
		{"LinkAbsolute", build(t, entry{name: "l", body: "/etc", mode: fs.ModeSymlink | 0o777}), ErrInvalid},
		{"ThroughLink", build(t, entry{name: "l", body: ".", mode: fs.ModeSymlink | 0o777}, entry{name: "l/x", body: "x"}), ErrInvalid},
		{"Duplicate", build(t, entry{name: "a", body: "1"}, entry{name: "a", body: "2"}), ErrInvalid},
		{"TooLarge", build(t, entry{name: "big", body: strings.Repeat("0", 2<<20)}), ErrTooLarge},
		{"TooManyFiles", build(t, manyEntries(101)...), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Extract(tt.zip, t.TempDir(), lim); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func manyEntries(n int) []entry {
	var es []entry
	for i := 0; i < n; i++ {
		es = append(es, entry{name: strings.Repeat("f", i+1), body: "x"})
	}
	return es
}

// TestBombWithLyingHeader: the header claims a tiny size, the data inflates
// to much more; Extract must stop at the limit.
func TestBombWithLyingHeader(t *testing.T) {
	data := build(t, entry{name: "bomb", body: strings.Repeat("0", 4<<20)})
	lied := patchSizes(t, data, 10)
	if _, err := Inspect(lied, lim); err != nil {
		t.Fatalf("inspect trusts the header, so it passes: %v", err)
	}
	err := Extract(lied, t.TempDir(), lim)
	if err == nil {
		t.Fatal("bomb extracted")
	}
}

// patchSizes rewrites every uncompressed-size field of a one-entry zip.
func patchSizes(t *testing.T, data []byte, size uint32) []byte {
	out := bytes.Clone(data)
	real := uint32(4 << 20)
	var le [4]byte
	le[0], le[1], le[2], le[3] = byte(real), byte(real>>8), byte(real>>16), byte(real>>24)
	var nw [4]byte
	nw[0], nw[1], nw[2], nw[3] = byte(size), byte(size>>8), byte(size>>16), byte(size>>24)
	n := bytes.Count(out, le[:])
	if n == 0 {
		t.Fatal("size field not found")
	}
	return bytes.ReplaceAll(out, le[:], nw[:])
}

func FuzzExtract(f *testing.F) {
	f.Add(build(f, entry{name: "a/b.txt", body: "x"}, entry{name: "bootstrap", body: "#!", mode: 0o755}))
	f.Add(build(f, entry{name: "l", body: "a", mode: fs.ModeSymlink | 0o777}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := Extract(data, dir, Limits{MaxUnzipped: 1 << 16, MaxFiles: 50}); err != nil {
			return
		}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !strings.HasPrefix(p, dir) {
				t.Fatalf("%s outside %s", p, dir)
			}
			return nil
		})
	})
}
