package codecache

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// blobs is an in-memory blob store.
type blobs map[string][]byte

func (b blobs) Get(_ context.Context, name string) ([]byte, error) {
	data, ok := b[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return data, nil
}

// zipOf builds a zip; a name ending in "@" is a symlink to the body, "/" a
// directory, "*" an executable.
func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		h := &zip.FileHeader{Name: strings.TrimRight(name, "@*"), Method: zip.Deflate}
		switch {
		case strings.HasSuffix(name, "@"):
			h.SetMode(fs.ModeSymlink | 0o777)
		case strings.HasSuffix(name, "/"):
			h.SetMode(fs.ModeDir | 0o755)
		case strings.HasSuffix(name, "*"):
			h.SetMode(0o755)
		default:
			h.SetMode(0o644)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tree describes dir: files by content, links as "-> target", directories as "/".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case d.IsDir():
			out[rel] = "/"
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(path)
			out[rel] = "-> " + target
		default:
			data, _ := os.ReadFile(path)
			out[rel] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOptDir(t *testing.T) {
	b := blobs{
		"one": zipOf(t, map[string]string{"python/a.py": "a1", "python/b.py": "b1", "bin/tool*": "t1", "lib": "a file", "link@": "python/a.py", "data/": ""}),
		"two": zipOf(t, map[string]string{"python/a.py": "a2", "lib/x.so": "x2", "link/": "", "data": "now a file", "bin/tool2*": "t2"}),
	}
	dir := t.TempDir()
	c := New(filepath.Join(dir, "code"), filepath.Join(dir, "opt"), b)

	t.Run("None", func(t *testing.T) {
		if got, err := c.OptDir(context.Background(), nil); got != "" || err != nil {
			t.Fatalf("OptDir(nil) = %q, %v", got, err)
		}
	})
	t.Run("OneIsItsOwnDirectory", func(t *testing.T) {
		got, err := c.OptDir(context.Background(), []string{"one"})
		if err != nil || got != filepath.Join(dir, "code", "one") {
			t.Fatalf("OptDir = %q, %v", got, err)
		}
	})
	t.Run("LaterLayersWin", func(t *testing.T) {
		got, err := c.OptDir(context.Background(), []string{"one", "two"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"python": "/", "python/a.py": "a2", "python/b.py": "b1", "bin": "/", "bin/tool": "t1", "bin/tool2": "t2",
			"lib": "/", "lib/x.so": "x2", "link": "/", "data": "now a file",
		}
		if diff := cmp.Diff(want, tree(t, got)); diff != "" {
			t.Error(diff)
		}
		if fi, err := os.Stat(filepath.Join(got, "bin", "tool")); err != nil || fi.Mode().Perm() != 0o755 {
			t.Errorf("bin/tool: %v %v", fi.Mode(), err)
		}
		if fi, err := os.Stat(got); err != nil || fi.Mode().Perm() != 0o755 {
			t.Errorf("root: %v %v", fi.Mode(), err)
		}
	})
	t.Run("OrderMatters", func(t *testing.T) {
		a, _ := c.OptDir(context.Background(), []string{"one", "two"})
		b, err := c.OptDir(context.Background(), []string{"two", "one"})
		if err != nil || a == b {
			t.Fatalf("%q and %q, %v", a, b, err)
		}
		got := tree(t, b)
		if got["python/a.py"] != "a1" || got["link"] != "-> python/a.py" || got["lib"] != "a file" || got["data"] != "/" {
			t.Errorf("two then one: %v", got)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		layers := []string{"two", "one", "two"}
		var wg sync.WaitGroup
		dirs := make([]string, 4)
		for i := range dirs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				dirs[i], _ = c.OptDir(context.Background(), layers)
			}()
		}
		wg.Wait()
		for _, d := range dirs {
			if d == "" || d != dirs[0] {
				t.Fatalf("dirs = %q", dirs)
			}
		}
		leftovers, _ := filepath.Glob(filepath.Join(dir, "opt", ".merge-*"))
		if len(leftovers) > 0 {
			t.Errorf("leftovers: %v", leftovers)
		}
	})
	t.Run("MissingLayer", func(t *testing.T) {
		if _, err := c.OptDir(context.Background(), []string{"one", "gone"}); err == nil {
			t.Fatal("no error for a missing layer")
		}
	})
}
