package pattern

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A matcher tests one leaf of an event: a string, a number (json.Number or
// float64), a bool or nil.
type matcher interface {
	match(v any) bool
}

type prefix string

func (m prefix) match(v any) bool {
	s, ok := v.(string)
	return ok && strings.HasPrefix(s, string(m))
}

type suffix string

func (m suffix) match(v any) bool {
	s, ok := v.(string)
	return ok && strings.HasSuffix(s, string(m))
}

type prefixFold string

func (m prefixFold) match(v any) bool {
	s, ok := v.(string)
	return ok && hasPrefixFold(s, string(m))
}

type suffixFold string

func (m suffixFold) match(v any) bool {
	s, ok := v.(string)
	return ok && hasSuffixFold(s, string(m))
}

type equalsFold string

func (m equalsFold) match(v any) bool {
	s, ok := v.(string)
	return ok && strings.EqualFold(s, string(m))
}

// exact matches one literal value other than a string that is not an IP
// address: those sit in the leaf's set of strings.
type exact struct {
	kind jkind
	key  string // a number's numberKey, or the string itself
	b    bool
	ip   ipAddr // a string that is an IP address, as one
}

func (m exact) match(v any) bool {
	switch t := v.(type) {
	case nil:
		return m.kind == jNull
	case bool:
		return m.kind == jBool && t == m.b
	case string:
		if m.kind != jString {
			return false
		}
		if t == m.key {
			return true
		}
		ip, ok := parseIP(t)
		return ok && ip == m.ip
	}
	text, ok := numberText(v)
	return ok && m.kind == jNumber && numberKey(text) == m.key
}

// not matches every leaf the matcher it wraps does not: anything-but.
type not struct{ m matcher }

func (n not) match(v any) bool { return !n.m.match(v) }

// values matches any of a set of strings or numbers: the operand of a plain
// anything-but.
type values struct {
	strs map[string]bool
	nums map[string]bool // by numberKey
}

func (m values) match(v any) bool {
	if s, ok := v.(string); ok {
		return m.strs[s]
	}
	text, ok := numberText(v)
	return ok && m.nums[numberKey(text)]
}

// anyOf matches what any of its matchers matches: anything-but's operand
// written as a list of prefixes, suffixes, wildcards or words.
type anyOf []matcher

func (ms anyOf) match(v any) bool {
	for _, m := range ms {
		if m.match(v) {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, p string) bool {
	for p != "" {
		if s == "" {
			return false
		}
		pr, pn := utf8.DecodeRuneInString(p)
		sr, sn := utf8.DecodeRuneInString(s)
		if !foldEqual(pr, sr) {
			return false
		}
		p, s = p[pn:], s[sn:]
	}
	return true
}

func hasSuffixFold(s, p string) bool {
	for p != "" {
		if s == "" {
			return false
		}
		pr, pn := utf8.DecodeLastRuneInString(p)
		sr, sn := utf8.DecodeLastRuneInString(s)
		if !foldEqual(pr, sr) {
			return false
		}
		p, s = p[:len(p)-pn], s[:len(s)-sn]
	}
	return true
}

// foldEqual reports whether a and b are the same letter in some case.
func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}
