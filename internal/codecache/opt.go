package codecache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// OptDir returns the directory a function with these layers sees at /opt:
// the layers extracted in order, a later layer's files replacing an earlier
// one's, as Lambda does. It is "" without layers and the layer's own
// directory with one; several layers are merged once, into a directory
// named by the digest of the ordered list.
func (c *Cache) OptDir(ctx context.Context, layers []string) (string, error) {
	switch len(layers) {
	case 0:
		return "", nil
	case 1:
		return c.Dir(ctx, layers[0])
	}
	sum := sha256.Sum256([]byte(strings.Join(layers, "\n")))
	key := hex.EncodeToString(sum[:])
	dst := filepath.Join(c.optDir, key)
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	lock := c.lock("opt/" + key)
	lock.Lock()
	defer lock.Unlock()
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	dirs := make([]string, len(layers))
	for i, blob := range layers {
		dir, err := c.Dir(ctx, blob)
		if err != nil {
			return "", err
		}
		dirs[i] = dir
	}
	return dst, c.merge(dirs, dst)
}

// merge overlays dirs, in order, in a temporary directory and renames it to
// dst, so a crash never leaves a half-merged tree under the final name.
func (c *Cache) merge(dirs []string, dst string) error {
	if err := os.MkdirAll(c.optDir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(c.optDir, ".merge-")
	if err != nil {
		return err
	}
	err = os.Chmod(tmp, 0o755)
	for _, dir := range dirs {
		if err == nil {
			err = overlay(tmp, dir)
		}
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.RemoveAll(tmp)
		if errors.Is(err, fs.ErrExist) {
			return nil
		}
		return fmt.Errorf("merge layers: %w", err)
	}
	return nil
}

// overlay copies the tree at src into dst, replacing whatever is in the
// way: a directory replaces a file or link, a file or link replaces
// anything. Walking top-down, every parent is a real directory by the time
// something is written below it, so nothing is written through a link.
// Files are hard links to the extracted layer where possible.
func overlay(dst, src string) error {
	root, err := os.OpenRoot(dst)
	if err != nil {
		return err
	}
	defer root.Close()
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil || rel == "." {
			return err
		}
		if d.IsDir() {
			return ensureDir(root, rel)
		}
		if err := root.RemoveAll(rel); err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return root.Symlink(target, rel)
		}
		if os.Link(path, filepath.Join(dst, rel)) == nil {
			return nil
		}
		return copyFile(root, rel, path)
	})
}

func ensureDir(root *os.Root, name string) error {
	if fi, err := root.Lstat(name); err == nil {
		if fi.IsDir() {
			return nil
		}
		if err := root.RemoveAll(name); err != nil {
			return err
		}
	}
	if err := root.Mkdir(name, 0o755); err != nil {
		return err
	}
	return root.Chmod(name, 0o755)
}

func copyFile(root *os.Root, name, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Chmod(name, fi.Mode().Perm())
	}
	return err
}
