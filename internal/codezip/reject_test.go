package codezip

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRejects(t *testing.T) {
	valid := build(t, item{name: "a", body: "a"})
	tests := []struct {
		name string
		zip  []byte
		want error
	}{
		{"NotAZip", []byte("hello, world"), ErrInvalid},
		{"Truncated", valid[:len(valid)-10], ErrInvalid},
		{"DotDot", build(t, item{name: "../evil", body: "x"}), ErrInvalid},
		{"NestedDotDot", build(t, item{name: "a/../../evil", body: "x"}), ErrInvalid},
		{"DotDotStayingInside", build(t, item{name: "a/../b", body: "x"}), ErrInvalid},
		{"Absolute", build(t, item{name: "/etc/passwd", body: "x"}), ErrInvalid},
		{"BackslashDotDot", build(t, item{name: "..\\evil", body: "x"}), ErrInvalid},
		{"BackslashNested", build(t, item{name: "a\\..\\..\\evil", body: "x"}), ErrInvalid},
		{"BackslashAbsolute", build(t, item{name: "\\evil", body: "x"}), ErrInvalid},
		{"DriveLetter", build(t, item{name: "C:\\evil", body: "x"}), ErrInvalid},
		{"DriveLetterSlash", build(t, item{name: "c:/evil", body: "x"}), ErrInvalid},
		{"NUL", build(t, item{name: "a\x00b", body: "x"}), ErrInvalid},
		{"LongComponent", build(t, item{name: strings.Repeat("n", 256), body: "x"}), ErrInvalid},
		{"LinkOut", build(t, link("l", "../../etc")), ErrInvalid},
		{"LinkAbsolute", build(t, link("l", "/etc")), ErrInvalid},
		{"LinkNestedOut", build(t, link("a/b/l", "../../../x")), ErrInvalid},
		{"LinkChainOut", build(t, link("x", "."), link("y", "x/..")), ErrInvalid},
		{"LinkViaDirLinkOut", build(t, link("d", "a/b"), link("e", "d/../../..")), ErrInvalid},
		{"LinkLoop", build(t, link("a", "b"), link("b", "a")), ErrInvalid},
		{"LinkEmpty", build(t, link("l", "")), ErrInvalid},
		{"WriteThroughLink", build(t, link("l", "."), item{name: "l/x", body: "x"}), ErrInvalid},
		{"WriteThroughLinkBeforeIt", build(t, item{name: "l/x", body: "x"}, link("l", "/tmp")), ErrInvalid},
		{"Duplicate", build(t, item{name: "a", body: "1"}, item{name: "a", body: "2"}), ErrInvalid},
		{"DuplicateAfterClean", build(t, item{name: "a", body: "1"}, item{name: "./a", body: "2"}), ErrInvalid},
		{"FileAndDir", build(t, item{name: "a", body: "1"}, dir("a/")), ErrInvalid},
		{"FileUnderFile", build(t, item{name: "a", body: "1"}, item{name: "a/b", body: "2"}), ErrInvalid},
		{"Bzip2", build(t, item{name: "a", body: "x", method: 12, store: true}), ErrInvalid},
		{"Encrypted", build(t, item{name: "a", body: "x", flags: 0x1}), ErrInvalid},
		{"Device", build(t, item{name: "dev", mode: fs.ModeDevice | 0o644}), ErrInvalid},
		{"NamedPipe", build(t, item{name: "fifo", mode: fs.ModeNamedPipe | 0o644}), ErrInvalid},
		{"TooLarge", build(t, item{name: "big", body: strings.Repeat("0", 2<<20)}), ErrTooLarge},
		{"TooLargeTogether", build(t, item{name: "a", body: strings.Repeat("0", 600<<10)}, item{name: "b", body: strings.Repeat("0", 600<<10)}), ErrTooLarge},
		{"DeclaredHuge", build(t, item{name: "a", body: "x", declared: 1 << 62}), ErrTooLarge},
		{"TooManyFiles", build(t, manyItems(101)...), ErrTooLarge},
		{"TooManyDirs", build(t, manyDirs(101)...), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Inspect(tt.zip, testLimits); !errors.Is(err, tt.want) {
				t.Errorf("Inspect: got %v, want %v", err, tt.want)
			}
			parent := t.TempDir()
			dst := filepath.Join(parent, "root")
			if err := os.Mkdir(dst, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := Extract(tt.zip, dst, testLimits); !errors.Is(err, tt.want) {
				t.Errorf("Extract: got %v, want %v", err, tt.want)
			}
			if names := listDir(t, parent); len(names) != 1 {
				t.Errorf("wrote outside the root: %v", names)
			}
		})
	}
}

func manyItems(n int) []item {
	var items []item
	for i := range n {
		items = append(items, item{name: fmt.Sprintf("f%d", i), body: "x"})
	}
	return items
}

func manyDirs(n int) []item {
	var items []item
	for i := range n {
		items = append(items, dir(fmt.Sprintf("d%d/", i)))
	}
	return items
}

func listDir(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestCorruptData passes Inspect, which reads no contents, and fails Extract.
func TestCorruptData(t *testing.T) {
	data := build(t, item{name: "a", body: strings.Repeat("hello ", 100), store: true})
	i := strings.Index(string(data), "hello hello")
	data[i] = 'j'
	if _, err := Inspect(data, testLimits); err != nil {
		t.Fatal(err)
	}
	if err := Extract(data, t.TempDir(), testLimits); !errors.Is(err, ErrInvalid) {
		t.Fatalf("got %v, want ErrInvalid", err)
	}
}

func TestInspectInfo(t *testing.T) {
	data := build(t, dir("d/"), item{name: "d/a", body: "12345"}, link("l", "d/a"), item{name: "b", body: "678", store: true})
	info, err := Inspect(data, testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Info{UnzippedSize: 5 + 3 + 3, Files: 4}); info != want {
		t.Errorf("got %+v, want %+v", info, want)
	}
}
