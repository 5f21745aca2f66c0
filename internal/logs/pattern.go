package logs

import (
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// Pattern is a CloudWatch Logs filter pattern: terms that must appear in
// an event ("quoted phrases" too), ?terms of which one must appear, -terms
// that must not, or a JSON pattern such as { $.level = "ERROR" }.
type Pattern struct {
	match func(msg string) bool
}

// Match reports whether an event's message matches.
func (p Pattern) Match(msg string) bool { return p.match == nil || p.match(msg) }

// ParsePattern parses a filter pattern; the empty pattern matches every event.
func ParsePattern(s string) (Pattern, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Pattern{}, nil
	case strings.HasPrefix(s, "{"):
		return parseJSONPattern(s)
	case strings.HasPrefix(s, "["):
		return Pattern{}, invalidPattern("space-delimited patterns are not supported by Virga")
	}
	return parseTerms(s)
}

func invalidPattern(detail string) error {
	return aws.Errorf(aws.ErrInvalid, "Invalid filter pattern: %s", detail)
}

type terms struct{ all, any, none []string }

func parseTerms(s string) (Pattern, error) {
	var t terms
	for s != "" {
		list := &t.all
		switch s[0] {
		case '?':
			list, s = &t.any, s[1:]
		case '-':
			list, s = &t.none, s[1:]
		}
		term, rest, err := nextTerm(s)
		if err != nil {
			return Pattern{}, err
		}
		if term != "" {
			*list = append(*list, term)
		}
		s = strings.TrimSpace(rest)
	}
	return Pattern{match: t.match}, nil
}

// nextTerm takes a word or a "quoted phrase" off the front of s.
func nextTerm(s string) (term, rest string, err error) {
	if !strings.HasPrefix(s, `"`) {
		term, rest, _ = strings.Cut(s, " ")
		return term, rest, nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case s[i] == '"':
			return b.String(), s[i+1:], nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", "", invalidPattern("unterminated quoted term")
}

func (t terms) match(msg string) bool {
	for _, w := range t.all {
		if !strings.Contains(msg, w) {
			return false
		}
	}
	for _, w := range t.none {
		if strings.Contains(msg, w) {
			return false
		}
	}
	if len(t.any) == 0 {
		return true
	}
	for _, w := range t.any {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return false
}
