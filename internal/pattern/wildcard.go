package pattern

import (
	"fmt"
	"strings"
)

// wildcard matches strings against a pattern in which * stands for any run of
// characters, the empty one included. It is kept as the literal pieces
// between the stars, so matching is one left-to-right search per piece.
type wildcard struct {
	pieces []string // len(pieces) is the number of stars plus one
}

// parseWildcard reads a wildcard operand: \* is a star and \\ a backslash,
// any other escape is refused, and so are two stars in a row. Positions in
// the reasons count bytes from the opening quote, as AWS's do.
func parseWildcard(s string) (wildcard, string) {
	var w wildcard
	var piece strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '*':
			if i+1 < len(s) && s[i+1] == '*' {
				return wildcard{}, fmt.Sprintf("Consecutive wildcard characters at pos %d", i+1)
			}
			w.pieces = append(w.pieces, piece.String())
			piece.Reset()
		case c == '\\':
			if i+1 >= len(s) || s[i+1] != '*' && s[i+1] != '\\' {
				return wildcard{}, fmt.Sprintf("Invalid escape character at pos %d", i+1)
			}
			i++
			piece.WriteByte(s[i])
		default:
			piece.WriteByte(c)
		}
	}
	w.pieces = append(w.pieces, piece.String())
	return w, ""
}

func (w wildcard) match(v any) bool {
	s, ok := v.(string)
	return ok && w.matchString(s)
}

func (w wildcard) matchString(s string) bool {
	first, last := w.pieces[0], w.pieces[len(w.pieces)-1]
	if len(w.pieces) == 1 {
		return s == first
	}
	if !strings.HasPrefix(s, first) {
		return false
	}
	s = s[len(first):]
	if !strings.HasSuffix(s, last) {
		return false
	}
	s = s[:len(s)-len(last)]
	for _, p := range w.pieces[1 : len(w.pieces)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}
