package codezip

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
)

// Extract checks zipBytes as Inspect does and writes its tree into dir, which
// must exist and be empty. Directories get mode 0755, files 0755 when the zip
// gives them any execute bit and 0644 otherwise, so an unprivileged user can
// read everything. Contents are counted as they are decompressed and the
// extraction stops at lim.MaxUnzipped whatever the headers claimed. On error
// dir may hold part of the tree; the caller removes it.
func Extract(zipBytes []byte, dir string, lim Limits) error {
	lim = lim.withDefaults()
	t, err := scan(zipBytes, lim)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	defer root.Close()
	if err := checkEmpty(root, dir); err != nil {
		return err
	}
	x := &extractor{root: root, made: map[string]bool{".": true}, budget: lim.MaxUnzipped}
	return x.write(t)
}

func checkEmpty(root *os.Root, dir string) error {
	d, err := root.Open(".")
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	defer d.Close()
	if names, _ := d.Readdirnames(1); len(names) > 0 {
		return fmt.Errorf("extract: %s is not empty", dir)
	}
	return nil
}

// extractor writes one tree. Every path goes through an os.Root, so even a
// path the checks missed cannot land outside dir.
type extractor struct {
	root   *os.Root
	made   map[string]bool // directories created so far
	budget int64           // bytes still allowed
}

// write creates directories and files first and symlinks last, so nothing is
// ever written through a link.
func (x *extractor) write(t *tree) error {
	for _, e := range t.entries {
		var err error
		switch e.kind {
		case dirKind:
			err = x.mkdirAll(e.name)
		case fileKind:
			err = x.writeFile(e)
		}
		if err != nil {
			return err
		}
	}
	for _, e := range t.entries {
		if e.kind != linkKind {
			continue
		}
		if err := x.mkdirAll(path.Dir(e.name)); err != nil {
			return err
		}
		if err := x.root.Symlink(e.target, e.name); err != nil {
			return fmt.Errorf("extract %q: %w", e.name, err)
		}
	}
	return nil
}

// mkdirAll creates name and its missing parents with mode 0755, whatever
// the umask.
func (x *extractor) mkdirAll(name string) error {
	if x.made[name] {
		return nil
	}
	if err := x.mkdirAll(path.Dir(name)); err != nil {
		return err
	}
	if err := x.root.Mkdir(name, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("extract %q: %w", name, err)
	}
	x.made[name] = true
	return x.root.Chmod(name, 0o755)
}

func (x *extractor) writeFile(e *entry) error {
	if err := x.mkdirAll(path.Dir(e.name)); err != nil {
		return err
	}
	perm := fs.FileMode(0o644)
	if e.exec {
		perm = 0o755
	}
	out, err := x.root.OpenFile(e.name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("extract %q: %w", e.name, err)
	}
	err = out.Chmod(perm) // OpenFile's perm is masked by the umask
	if err == nil {
		err = x.copy(out, e)
	}
	if cerr := out.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("extract %q: %w", e.name, err)
	}
	return nil
}

// copy decompresses one entry into out, charging what it writes to the budget.
func (x *extractor) copy(out io.Writer, e *entry) error {
	rc, err := e.f.Open()
	if err != nil {
		return fmt.Errorf("%v: %w", err, ErrInvalid)
	}
	defer rc.Close()
	n, err := copyLimited(out, rc, x.budget)
	x.budget -= n
	return err
}
