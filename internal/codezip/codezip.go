// Package codezip checks and extracts deployment packages (function and
// layer zips) without trusting them: entries may not leave the root, sizes
// are counted as bytes are actually decompressed, and executables stay
// executable.
package codezip

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
)

// Errors, matched with errors.Is.
var (
	ErrInvalid  = errors.New("invalid zip")
	ErrTooLarge = errors.New("unzipped size too large")
)

// Limits bound what a zip may hold.
type Limits struct {
	MaxUnzipped int64
	MaxFiles    int
}

// Info describes a zip.
type Info struct {
	UnzippedSize int64
	Files        int
}

// Inspect checks a zip's structure and declared sizes.
func Inspect(data []byte, lim Limits) (Info, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Info{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	var info Info
	seen := map[string]bool{}
	for _, f := range zr.File {
		name, err := cleanName(f.Name)
		if err != nil {
			return Info{}, err
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return Info{}, fmt.Errorf("entry %q: compression method %d: %w", f.Name, f.Method, ErrInvalid)
		}
		if name == "" {
			continue
		}
		if seen[name] && !f.FileInfo().IsDir() {
			return Info{}, fmt.Errorf("entry %q twice: %w", f.Name, ErrInvalid)
		}
		seen[name] = true
		info.Files++
		info.UnzippedSize += int64(f.UncompressedSize64)
		if f.UncompressedSize64 > uint64(lim.MaxUnzipped) || info.UnzippedSize > lim.MaxUnzipped {
			return Info{}, ErrTooLarge
		}
		if lim.MaxFiles > 0 && info.Files > lim.MaxFiles {
			return Info{}, fmt.Errorf("more than %d files: %w", lim.MaxFiles, ErrTooLarge)
		}
	}
	return info, nil
}

// cleanName returns the entry's path relative to the root ("" for the root
// itself), or ErrInvalid when it would escape.
func cleanName(name string) (string, error) {
	if strings.ContainsAny(name, "\\\x00") || strings.HasPrefix(name, "/") {
		return "", fmt.Errorf("entry %q: %w", name, ErrInvalid)
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return "", fmt.Errorf("entry %q escapes the root: %w", name, ErrInvalid)
		}
	}
	clean := path.Clean(name)
	if clean == "." {
		return "", nil
	}
	return clean, nil
}
