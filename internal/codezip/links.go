package codezip

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// maxHops is how many symlinks one resolution may follow, as on Linux.
const maxHops = 40

// checkLinks keeps symlinks that resolve inside the root (node_modules trees
// are full of them) and rejects the rest. The extracted tree is exactly the
// zip's content, so resolving against the zip's own entries is exact.
func (t *tree) checkLinks() error {
	for _, e := range t.entries {
		if e.kind != linkKind {
			continue
		}
		hops := 0
		if _, err := t.resolve(dirParts(path.Dir(e.name)), e.target, &hops); err != nil {
			return fmt.Errorf("entry %q: symlink to %q %s: %w", e.f.Name, e.target, err, ErrInvalid)
		}
	}
	return nil
}

// resolve follows target from the directory at parts and returns where it
// lands, failing if it would pass above the root or loop.
func (t *tree) resolve(parts []string, target string, hops *int) ([]string, error) {
	if strings.HasPrefix(target, "/") || strings.IndexByte(target, 0) >= 0 {
		return nil, errOutside
	}
	parts = slices.Clone(parts) // appends below must not write into the caller's path
	for _, c := range strings.Split(target, "/") {
		switch c {
		case "", ".":
			continue
		case "..":
			if len(parts) == 0 {
				return nil, errOutside
			}
			parts = parts[:len(parts)-1]
			continue
		}
		link, ok := t.byName[strings.Join(append(parts, c), "/")]
		if !ok || link.kind != linkKind {
			parts = append(parts, c)
			continue
		}
		if *hops++; *hops > maxHops {
			return nil, errLoop
		}
		var err error
		if parts, err = t.resolve(parts, link.target, hops); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

var (
	errOutside = linkError("leaves the root")
	errLoop    = linkError("loops")
)

type linkError string

func (e linkError) Error() string { return string(e) }

func dirParts(dir string) []string {
	if dir == "." {
		return nil
	}
	return strings.Split(dir, "/")
}
