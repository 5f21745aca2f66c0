package codezip

import (
	"fmt"
	"path"
	"strings"
)

const (
	maxNameLen      = 4096 // PATH_MAX
	maxComponentLen = 255  // NAME_MAX
)

// entryName turns a zip entry name into a clean path relative to the root
// ("" for the root itself) and reports whether it names a directory. Names
// that could leave the root are ErrInvalid: absolute paths, drive letters,
// and ".." components, with '\' counted as a separator too since Windows
// tools write it as one.
func entryName(raw string) (name string, dir bool, err error) {
	invalid := func(why string) (string, bool, error) {
		return "", false, fmt.Errorf("entry %q: %s: %w", raw, why, ErrInvalid)
	}
	switch {
	case raw == "":
		return invalid("empty name")
	case strings.IndexByte(raw, 0) >= 0:
		return invalid("NUL in name")
	case len(raw) > maxNameLen:
		return invalid("name too long")
	case raw[0] == '/' || raw[0] == '\\':
		return invalid("absolute path")
	case len(raw) >= 2 && raw[1] == ':' && isLetter(raw[0]):
		return invalid("drive letter")
	}
	for _, part := range strings.FieldsFunc(raw, isSeparator) {
		if part == ".." {
			return invalid("'..' component")
		}
		if len(part) > maxComponentLen {
			return invalid("name component too long")
		}
	}
	name = path.Clean(raw)
	if name == "." {
		return "", true, nil
	}
	return name, strings.HasSuffix(raw, "/"), nil
}

func isSeparator(r rune) bool { return r == '/' || r == '\\' }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
