package codezip

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"path"
)

type kind uint8

const (
	dirKind kind = iota
	fileKind
	linkKind
)

// entry is one checked zip entry, ready to be written.
type entry struct {
	f      *zip.File
	name   string // clean, relative to the root
	kind   kind
	exec   bool   // a file with any execute bit
	target string // a symlink's target
}

// tree is the checked content of a zip.
type tree struct {
	entries []*entry
	byName  map[string]*entry
	info    Info
}

// scan checks every entry of a zip and returns the tree it describes.
func scan(zipBytes []byte, lim Limits) (*tree, error) {
	zr, err := open(zipBytes)
	if err != nil {
		return nil, err
	}
	t := &tree{byName: make(map[string]*entry, len(zr.File))}
	for _, f := range zr.File {
		if err := t.add(f, lim); err != nil {
			return nil, err
		}
	}
	if err := t.checkParents(); err != nil {
		return nil, err
	}
	return t, t.checkLinks()
}

// add checks one entry and counts it against the limits.
func (t *tree) add(f *zip.File, lim Limits) error {
	name, dir, err := entryName(f.Name)
	if err != nil || name == "" {
		return err // the root directory itself needs no entry
	}
	e := &entry{f: f, name: name}
	if e.kind, err = entryKind(f, dir); err != nil {
		return err
	}
	if prev, ok := t.byName[name]; ok {
		if prev.kind == dirKind && e.kind == dirKind {
			return nil
		}
		return fmt.Errorf("entry %q: duplicate name: %w", f.Name, ErrInvalid)
	}
	t.info.Files++
	if t.info.Files > lim.MaxFiles {
		return fmt.Errorf("more than %d entries: %w", lim.MaxFiles, ErrTooLarge)
	}
	if e.kind != dirKind {
		if f.UncompressedSize64 > uint64(lim.MaxUnzipped) || t.info.UnzippedSize+int64(f.UncompressedSize64) > lim.MaxUnzipped {
			return fmt.Errorf("entry %q: unzipped size over %d bytes: %w", f.Name, lim.MaxUnzipped, ErrTooLarge)
		}
		t.info.UnzippedSize += int64(f.UncompressedSize64)
	}
	if e.kind == linkKind {
		if e.target, err = readLink(f); err != nil {
			return err
		}
	}
	e.exec = f.Mode().Perm()&0o111 != 0
	t.entries = append(t.entries, e)
	t.byName[name] = e
	return nil
}

// entryKind classifies an entry from its name and Unix mode, rejecting what
// Lambda cannot unpack: devices, pipes, sockets, encrypted or unusually
// compressed contents.
func entryKind(f *zip.File, dir bool) (kind, error) {
	mode := f.Mode()
	link := mode&fs.ModeSymlink != 0
	switch {
	case (dir || mode.IsDir()) && !link:
		return dirKind, nil
	case dir || mode.Type()&^fs.ModeSymlink != 0:
		return 0, fmt.Errorf("entry %q: unsupported file type %v: %w", f.Name, mode.Type(), ErrInvalid)
	case f.Flags&0x1 != 0:
		return 0, fmt.Errorf("entry %q: encrypted: %w", f.Name, ErrInvalid)
	case f.Method != zip.Store && f.Method != zip.Deflate:
		return 0, fmt.Errorf("entry %q: unsupported compression method %d: %w", f.Name, f.Method, ErrInvalid)
	case link:
		return linkKind, nil
	}
	return fileKind, nil
}

// readLink reads a symlink entry's target, which is its content.
func readLink(f *zip.File) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("entry %q: %v: %w", f.Name, err, ErrInvalid)
	}
	defer rc.Close()
	target, err := io.ReadAll(io.LimitReader(rc, maxNameLen+1))
	if err != nil {
		return "", fmt.Errorf("entry %q: %v: %w", f.Name, err, ErrInvalid)
	}
	if len(target) == 0 || len(target) > maxNameLen {
		return "", fmt.Errorf("entry %q: symlink target of %d bytes: %w", f.Name, len(target), ErrInvalid)
	}
	return string(target), nil
}

// checkParents rejects an entry below a file or a symlink: a later entry may
// not make an earlier one's parent something else, and nothing is ever
// written through a link.
func (t *tree) checkParents() error {
	for _, e := range t.entries {
		for dir := path.Dir(e.name); dir != "."; dir = path.Dir(dir) {
			if p, ok := t.byName[dir]; ok && p.kind != dirKind {
				return fmt.Errorf("entry %q: parent %q is not a directory: %w", e.f.Name, p.f.Name, ErrInvalid)
			}
		}
	}
	return nil
}
