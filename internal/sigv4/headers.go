package sigv4

import (
	"net/http"
	"strconv"
	"strings"
)

// appendHeaders appends "name:value\n" for every signed header.
func appendHeaders(b []byte, r *http.Request, signed string) []byte {
	for rest := signed; rest != ""; {
		var name string
		name, rest, _ = strings.Cut(rest, ";")
		b = append(b, name...)
		b = append(b, ':')
		b = appendHeaderValue(b, r, name)
		b = append(b, '\n')
	}
	return b
}

// appendHeaderValue joins a header's values with ',' after trimming each and
// collapsing runs of spaces. Go moves Host out of r.Header into r.Host.
func appendHeaderValue(b []byte, r *http.Request, name string) []byte {
	if name == "host" {
		return appendTrimmed(b, r.Host)
	}
	values := headerValues(r.Header, name)
	if values == nil && name == "content-length" && r.ContentLength >= 0 {
		return strconv.AppendInt(b, r.ContentLength, 10)
	}
	for i, v := range values {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendTrimmed(b, v)
	}
	return b
}

// headerValues finds a header by its lowercase name without allocating.
func headerValues(h http.Header, name string) []string {
	var buf [64]byte
	if len(name) <= len(buf) {
		if v, ok := h[string(canonicalKey(buf[:0], name))]; ok {
			return v
		}
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}

// canonicalKey is textproto's canonical form of a header name.
func canonicalKey(b []byte, name string) []byte {
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
		upper = c == '-'
	}
	return b
}

func appendTrimmed(b []byte, v string) []byte {
	v = strings.Trim(v, " \t")
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' && i > 0 && v[i-1] == ' ' {
			continue
		}
		b = append(b, v[i])
	}
	return b
}
