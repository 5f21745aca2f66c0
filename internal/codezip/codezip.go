// Package codezip checks and unpacks deployment packages, the zips behind
// functions and layers, without trusting them.
//
// Inspect is the cheap check made when code is uploaded: the archive parses,
// every entry stays inside the root, nothing is duplicated, compression is
// one Lambda supports, and the declared unzipped size and entry count are
// within limits. Extract makes the same checks and then writes the tree,
// counting the bytes it actually decompresses instead of believing the
// headers, keeping executables executable and every file readable by the
// unprivileged user a sandbox runs as.
package codezip

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
)

// Errors, matched with errors.Is. The API answers ErrInvalid with "Could not
// unzip uploaded file. Please check your file, then try to upload again." and
// ErrTooLarge with "Unzipped size must be smaller than 262144000 bytes".
var (
	ErrInvalid  = errors.New("invalid zip")
	ErrTooLarge = errors.New("unzipped size too large")
)

// Limits bound what a zip may unpack to. A zero field takes its default.
type Limits struct {
	MaxUnzipped int64 // bytes of file and symlink contents; default 262144000
	MaxFiles    int   // entries: files, directories and symlinks; default 100000
}

const (
	defaultMaxUnzipped = 262144000
	defaultMaxFiles    = 100000
)

func (l Limits) withDefaults() Limits {
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = defaultMaxUnzipped
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = defaultMaxFiles
	}
	return l
}

// Info describes a zip that passed Inspect.
type Info struct {
	UnzippedSize int64 // declared size of all contents
	Files        int   // entries: files, directories and symlinks
}

// Inspect checks a zip from its headers, without decompressing file contents
// (symlink targets, a few bytes each, are read).
func Inspect(zipBytes []byte, lim Limits) (Info, error) {
	t, err := scan(zipBytes, lim.withDefaults())
	if err != nil {
		return Info{}, err
	}
	return t.info, nil
}

// open parses the archive. Names are checked by scan, so Go's own insecure
// path report is not an error here.
func open(zipBytes []byte) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(zipBytes), int64(len(zipBytes)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%v: %w", err, ErrInvalid)
	}
	return zr, nil
}
