package codezip

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// node is what one path looks like on disk after extraction.
type node struct {
	Mode   fs.FileMode
	Body   string // file content or symlink target
	Inside string // for a symlink: where it resolves, relative to the root
}

// snapshot walks an extracted tree.
func snapshot(t *testing.T, root string) map[string]node {
	t.Helper()
	got := map[string]node{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		n := node{Mode: info.Mode()}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			n.Body, _ = os.Readlink(p)
			if resolved, err := filepath.EvalSymlinks(p); err == nil {
				realRoot, _ := filepath.EvalSymlinks(root)
				n.Inside, _ = filepath.Rel(realRoot, resolved)
			}
		case info.Mode().IsRegular():
			b, _ := os.ReadFile(p)
			n.Body = string(b)
		}
		got[rel] = n
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func extract(t *testing.T, data []byte) map[string]node {
	t.Helper()
	dst := t.TempDir()
	if err := Extract(data, dst, testLimits); err != nil {
		t.Fatal(err)
	}
	return snapshot(t, dst)
}

func TestExtractGoWriterWithoutDirEntries(t *testing.T) {
	old := syscall.Umask(0o077) // modes must not depend on the server's umask
	defer syscall.Umask(old)
	data := build(t,
		item{name: "bootstrap", body: "#!/bin/sh", mode: 0o755},
		item{name: "owner-exec", body: "x", mode: 0o700},
		item{name: "private", body: "p", mode: 0o600},
		item{name: "readonly", body: "r", mode: 0o444},
		item{name: "no-unix-mode", body: "n"},
		item{name: "deep/no/dir/entries.txt", body: "d", mode: 0o644},
		item{name: "./dot/slash", body: "s", mode: 0o644},
	)
	want := map[string]node{
		"bootstrap":               {Mode: 0o755, Body: "#!/bin/sh"},
		"owner-exec":              {Mode: 0o755, Body: "x"},
		"private":                 {Mode: 0o644, Body: "p"},
		"readonly":                {Mode: 0o644, Body: "r"},
		"no-unix-mode":            {Mode: 0o644, Body: "n"},
		"deep":                    {Mode: fs.ModeDir | 0o755},
		"deep/no":                 {Mode: fs.ModeDir | 0o755},
		"deep/no/dir":             {Mode: fs.ModeDir | 0o755},
		"deep/no/dir/entries.txt": {Mode: 0o644, Body: "d"},
		"dot":                     {Mode: fs.ModeDir | 0o755},
		"dot/slash":               {Mode: 0o644, Body: "s"},
	}
	if diff := cmp.Diff(want, extract(t, data)); diff != "" {
		t.Error(diff)
	}
}

// TestExtractZipR uses a zip made by `zip -r -y` (directory entries, Unix
// modes, symlinks stored as links), kept in testdata.
func TestExtractZipR(t *testing.T) {
	data, err := os.ReadFile("testdata/zip-r.zip")
	if err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(data, testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Info{UnzippedSize: 68, Files: 10}, info); diff != "" {
		t.Error(diff)
	}
	want := map[string]node{
		"bootstrap":                    {Mode: 0o755, Body: "#!/bin/sh\necho hi\n"},
		"lib":                          {Mode: fs.ModeDir | 0o755},
		"lib/handler.py":               {Mode: 0o644, Body: "print(1)\n"},
		"libalias":                     {Mode: fs.ModeSymlink | 0o777, Body: "lib", Inside: "lib"},
		"node_modules":                 {Mode: fs.ModeDir | 0o755},
		"node_modules/.bin":            {Mode: fs.ModeDir | 0o755},
		"node_modules/.bin/tool":       {Mode: fs.ModeSymlink | 0o777, Body: "../tool/bin/cli.js", Inside: "node_modules/tool/bin/cli.js"},
		"node_modules/tool":            {Mode: fs.ModeDir | 0o755},
		"node_modules/tool/bin":        {Mode: fs.ModeDir | 0o755},
		"node_modules/tool/bin/cli.js": {Mode: 0o755, Body: "#!/usr/bin/env node\n"},
	}
	if diff := cmp.Diff(want, extract(t, data)); diff != "" {
		t.Error(diff)
	}
}

func TestExtractSymlinksInside(t *testing.T) {
	data := build(t,
		link("a/up", ".."),
		link("chain", "a/up/b"),
		link("dangling", "not/there"),
		link("self-dir", "."),
		item{name: "b", body: "B", mode: 0o644},
		dir("a/"),
		dir("a/"), // zip tools may repeat a directory
	)
	got := extract(t, data)
	want := map[string]node{
		"a":        {Mode: fs.ModeDir | 0o755},
		"a/up":     {Mode: fs.ModeSymlink | 0o777, Body: "..", Inside: "."},
		"b":        {Mode: 0o644, Body: "B"},
		"chain":    {Mode: fs.ModeSymlink | 0o777, Body: "a/up/b", Inside: "b"},
		"dangling": {Mode: fs.ModeSymlink | 0o777, Body: "not/there"},
		"self-dir": {Mode: fs.ModeSymlink | 0o777, Body: ".", Inside: "."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

func TestExtractEmptyZip(t *testing.T) {
	if got := extract(t, build(t)); len(got) != 0 {
		t.Fatal(got)
	}
}

func TestExtractNeedsEmptyDir(t *testing.T) {
	dst := t.TempDir()
	if err := os.WriteFile(filepath.Join(dst, "old"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := Extract(build(t, item{name: "a", body: "a"}), dst, testLimits)
	if err == nil || errors.Is(err, ErrInvalid) {
		t.Fatalf("got %v, want a plain error", err)
	}
}

func TestLimitsDefaults(t *testing.T) {
	want := Limits{MaxUnzipped: 262144000, MaxFiles: 100000}
	if diff := cmp.Diff(want, Limits{}.withDefaults()); diff != "" {
		t.Error(diff)
	}
}
