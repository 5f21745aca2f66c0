package codezip

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Extract writes the zip's files below dir, which must exist. Files are
// 0644, or 0755 when the zip marks any execute bit; directories 0755.
// Symbolic links are kept when they stay inside dir.
func Extract(data []byte, dir string, lim Limits) error {
	if _, err := Inspect(data, lim); err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	budget := lim.MaxUnzipped
	for _, f := range zr.File {
		name, _ := cleanName(f.Name) // Inspect accepted every name
		if name == "" {
			continue
		}
		if err := extractOne(f, dir, name, &budget); err != nil {
			return err
		}
	}
	return nil
}

func extractOne(f *zip.File, dir, name string, budget *int64) error {
	dst := filepath.Join(dir, filepath.FromSlash(name))
	if err := checkParents(dir, name); err != nil {
		return err
	}
	mode := f.Mode()
	switch {
	case mode.IsDir():
		return os.MkdirAll(dst, 0o755)
	case mode&fs.ModeSymlink != 0:
		return extractLink(f, dir, name, dst, budget)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	perm := fs.FileMode(0o644)
	if mode&0o111 != 0 {
		perm = 0o755
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	err = copyLimited(out, f, budget)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(dst, perm) // umask must not drop the read or execute bits
	}
	return err
}

// copyLimited decompresses f, stopping when more bytes come out than the
// budget allows, whatever the header claimed.
func copyLimited(w io.Writer, f *zip.File, budget *int64) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("entry %q: %w", f.Name, ErrInvalid)
	}
	defer rc.Close()
	n, err := io.Copy(w, io.LimitReader(rc, *budget+1))
	*budget -= n
	if *budget < 0 {
		return ErrTooLarge
	}
	if err != nil {
		return fmt.Errorf("entry %q: %v: %w", f.Name, err, ErrInvalid)
	}
	return nil
}

func extractLink(f *zip.File, dir, name, dst string, budget *int64) error {
	var target bytes.Buffer
	if err := copyLimited(&target, f, budget); err != nil {
		return err
	}
	t := target.String()
	resolved := path.Join(path.Dir(name), t)
	if path.IsAbs(t) || resolved == ".." || strings.HasPrefix(resolved, "../") {
		return fmt.Errorf("link %q points outside the root: %w", f.Name, ErrInvalid)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if err := os.Symlink(t, dst); err != nil {
		return fmt.Errorf("link %q: %v: %w", f.Name, err, ErrInvalid)
	}
	return nil
}

// checkParents refuses to write through a symbolic link made by an earlier entry.
func checkParents(dir, name string) error {
	p := dir
	parts := strings.Split(name, "/")
	for _, part := range parts[:len(parts)-1] {
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("entry %q goes through a link: %w", name, ErrInvalid)
		}
	}
	if st, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil && !st.IsDir() {
		return fmt.Errorf("entry %q twice: %w", name, ErrInvalid)
	}
	return nil
}
