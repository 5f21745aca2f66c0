package sigv4

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
)

// The canonical request is what both sides hash: method, path, query,
// headers, the signed header names and the payload hash, one per line.

// wirePath is the request path exactly as the client sent it, still
// percent-encoded. Go's decoded r.URL.Path would lose the difference between
// ":" and "%3A", which the signature covers.
func wirePath(r *http.Request) string {
	p := r.RequestURI
	if strings.HasPrefix(p, "/") {
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		return p
	}
	if p = r.URL.EscapedPath(); p == "" {
		p = "/"
	}
	return p
}

// normalizedPath removes empty, "." and ".." segments as RFC 3986 and
// botocore do; the Go SDK signs the path as it is. It returns "" when p has
// nothing to normalize.
func normalizedPath(p string) string {
	if !strings.Contains(p, "//") && !strings.Contains(p, "/.") {
		return ""
	}
	var out []string
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
		}
	}
	n := "/" + strings.Join(out, "/")
	if strings.HasSuffix(p, "/") && len(out) > 0 {
		n += "/"
	}
	if n == p {
		return ""
	}
	return n
}

// appendPath appends the canonical URI: the wire path percent-encoded once
// more (so "%3A" becomes "%253A"), keeping '/'.
func appendPath(b []byte, p string) []byte {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c == '/' {
			b = append(b, c)
		} else {
			b = appendEscaped(b, c)
		}
	}
	return b
}

// appendURI appends the canonical URI of a wire path: S3's is the path
// encoded once (each byte decoded from any %XX, then escaped unless
// unreserved or '/'); every other service's is the wire path encoded again.
func appendURI(b []byte, p string, s3 bool) []byte {
	if !s3 {
		return appendPath(b, p)
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '/':
			b = append(b, c)
			continue
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			c = unhex(p[i+1])<<4 | unhex(p[i+2])
			i += 2
		}
		b = appendEscaped(b, c)
	}
	return b
}

// querySpan locates one encoded name=value pair in a scratch buffer.
type querySpan struct{ start, eq, end int }

// appendQuery appends the canonical query string: every name and value
// encoded the RFC 3986 way and the pairs sorted by name, then value.
// X-Amz-Signature is left out of presigned requests.
func appendQuery(b []byte, rawQuery string, presigned bool, s *scratch) []byte {
	enc, spans := s.query[:0], s.spans[:0]
	for q := (queryIter{rest: rawQuery}); ; {
		name, value, ok := q.next()
		if !ok {
			break
		}
		if presigned && name == "X-Amz-Signature" {
			continue
		}
		start := len(enc)
		enc = appendComponent(enc, name)
		eq := len(enc)
		enc = appendComponent(enc, value)
		spans = append(spans, querySpan{start, eq, len(enc)})
	}
	slices.SortFunc(spans, func(x, y querySpan) int {
		if c := bytes.Compare(enc[x.start:x.eq], enc[y.start:y.eq]); c != 0 {
			return c
		}
		return bytes.Compare(enc[x.eq:x.end], enc[y.eq:y.end])
	})
	for i, sp := range spans {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, enc[sp.start:sp.eq]...)
		b = append(b, '=')
		b = append(b, enc[sp.eq:sp.end]...)
	}
	s.query, s.spans = enc, spans
	return b
}

// appendComponent re-encodes one raw query name or value canonically:
// decode %XX and '+', then escape everything but unreserved characters.
func appendComponent(b []byte, raw string) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '%' && i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]):
			c = unhex(raw[i+1])<<4 | unhex(raw[i+2])
			i += 2
		case c == '+':
			c = ' '
		}
		b = appendEscaped(b, c)
	}
	return b
}

const upperHex = "0123456789ABCDEF"

// appendEscaped appends c, percent-encoded unless it is unreserved.
func appendEscaped(b []byte, c byte) []byte {
	if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
		return append(b, c)
	}
	return append(b, '%', upperHex[c>>4], upperHex[c&15])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
