package s3

import (
	"strings"
)

// page is one page of a listing: keys, and common prefixes in their place.
type page struct {
	keys      []string
	prefixes  []string
	truncated bool
	// last is the last key or common prefix on the page.
	last string
}

// paginate lists sorted keys that begin with prefix and sort after marker,
// rolling keys up to the next delimiter after the prefix into common
// prefixes, up to max entries.
func paginate(keys []string, prefix, delimiter, marker string, max int) page {
	var p page
	for _, k := range keys {
		if k <= marker || !strings.HasPrefix(k, prefix) {
			continue
		}
		entry, isPrefix := k, false
		if delimiter != "" {
			if i := strings.Index(k[len(prefix):], delimiter); i >= 0 {
				entry, isPrefix = k[:len(prefix)+i+len(delimiter)], true
			}
		}
		if entry <= marker || entry == p.last {
			continue
		}
		if len(p.keys)+len(p.prefixes) == max {
			p.truncated = true
			break
		}
		if isPrefix {
			p.prefixes = append(p.prefixes, entry)
		} else {
			p.keys = append(p.keys, entry)
		}
		p.last = entry
	}
	return p
}
