package s3

import (
	"strconv"
	"strings"
)

// byteRange is an inclusive range of an object's bytes.
type byteRange struct{ start, end int64 }

// parseRange reads a Range header against an object of size bytes. ok is
// false when the whole object is to be sent: no header, or one S3 ignores
// (not bytes, several ranges, bad syntax). unsatisfiable is true when the
// range starts past the object's end.
func parseRange(header string, size int64) (r byteRange, ok, unsatisfiable bool) {
	spec, found := strings.CutPrefix(strings.TrimSpace(header), "bytes=")
	if !found || strings.Contains(spec, ",") {
		return byteRange{}, false, false
	}
	first, last, found := strings.Cut(spec, "-")
	if !found {
		return byteRange{}, false, false
	}
	if first == "" {
		return suffixRange(last, size)
	}
	start, err := strconv.ParseInt(first, 10, 64)
	if err != nil || start < 0 {
		return byteRange{}, false, false
	}
	end := size - 1
	if last != "" {
		if end, err = strconv.ParseInt(last, 10, 64); err != nil || end < start {
			return byteRange{}, false, false
		}
	}
	if start >= size {
		return byteRange{}, false, true
	}
	return byteRange{start, min(end, size-1)}, true, false
}

// suffixRange reads "-n", the last n bytes.
func suffixRange(last string, size int64) (byteRange, bool, bool) {
	n, err := strconv.ParseInt(last, 10, 64)
	switch {
	case err != nil || n < 0:
		return byteRange{}, false, false
	case n == 0 || size == 0:
		return byteRange{}, false, true
	}
	return byteRange{max(size-n, 0), size - 1}, true, false
}
