package asl

import (
	"strings"
	"unicode"
)

// rfcPath rewrites the dot-notation names of a Jayway-style path that RFC
// 9535 does not accept as shorthand ("$.detail-type", "$.1st") into
// bracket notation ("$['detail-type']"). Everything else passes unchanged,
// so Jayway's functions (".length()") stay invalid, as in Step Functions.
func rfcPath(path string) string {
	var b strings.Builder
	inPath, depth := false, 0
	for i := 0; i < len(path); {
		c := path[i]
		switch {
		case c == '\'' || c == '"':
			j := quoteEnd(path, i)
			b.WriteString(path[i:j])
			i, inPath = j, false
		case c == '$' || c == '@':
			b.WriteByte(c)
			i, inPath = i+1, true
		case c == '.' && inPath:
			i = dotName(&b, path, i, depth > 0)
		case c == '[':
			b.WriteByte(c)
			i, depth, inPath = i+1, depth+1, false
		case c == ']':
			b.WriteByte(c)
			i, depth, inPath = i+1, depth-1, true
		default:
			b.WriteByte(c)
			i++
			inPath = inPath && c != ' ' && c != ')'
		}
	}
	return b.String()
}

// dotName copies the dot segment at path[i] and returns the index after it.
func dotName(b *strings.Builder, path string, i int, inFilter bool) int {
	if strings.HasPrefix(path[i:], "..") {
		b.WriteString("..")
		i += 2
	} else {
		b.WriteByte('.')
		i++
	}
	j := i
	for j < len(path) && !nameStop(path[j], inFilter) {
		j++
	}
	name := path[i:j]
	if name == "" || name == "*" || shorthand(name) || strings.ContainsAny(name, "()") {
		b.WriteString(name)
		return j
	}
	s := b.String()
	b.Reset()
	b.WriteString(strings.TrimSuffix(s, "."))
	b.WriteString("['")
	b.WriteString(strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(name))
	b.WriteString("']")
	return j
}

func nameStop(c byte, inFilter bool) bool {
	if c == '.' || c == '[' {
		return true
	}
	return inFilter && strings.IndexByte(" )=!<>&|,", c) >= 0
}

// shorthand reports whether RFC 9535 accepts name after a dot.
func shorthand(name string) bool {
	for i, r := range name {
		if r == '_' || unicode.IsLetter(r) || r >= 0x80 || i > 0 && unicode.IsDigit(r) {
			continue
		}
		return false
	}
	return true
}

// quoteEnd returns the index just past the string literal starting at path[i].
func quoteEnd(path string, i int) int {
	q := path[i]
	for j := i + 1; j < len(path); j++ {
		switch path[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	return len(path)
}
