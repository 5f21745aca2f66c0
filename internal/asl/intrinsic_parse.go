package asl

import (
	"encoding/json"
	"fmt"
	"strings"
)

// call is a parsed intrinsic function call. Its arguments are literals
// (string, json.Number, bool, nil), references or nested calls.
type call struct {
	name string
	args []any
}

// ref is a path ("$.a", "$$.b") or variable ("$v.a") argument.
type ref string

var calls = newCache(parseIntrinsic)

// parseCall parses expr once and keeps the result for the next time.
func parseCall(expr string) (*call, error) {
	return calls.get(expr)
}

// parseIntrinsic parses a whole intrinsic call: "States.Name(arg, …)".
func parseIntrinsic(expr string) (*call, error) {
	p := &scanner{s: expr}
	c, err := p.call()
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.i != len(p.s) {
		return nil, p.fail("unexpected text after the closing parenthesis")
	}
	return c, nil
}

// scanner reads an intrinsic call left to right.
type scanner struct {
	s string
	i int
}

func (p *scanner) fail(why string) error {
	return intrinsicError("Invalid intrinsic function call '%s': %s at position %d", p.s, why, p.i)
}

func (p *scanner) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *scanner) call() (*call, error) {
	start := p.i
	for p.i < len(p.s) && (isIdent(p.s[p.i]) || p.s[p.i] == '.') {
		p.i++
	}
	name := p.s[start:p.i]
	if _, ok := intrinsics[name]; !ok {
		return nil, intrinsicError("Invalid intrinsic function call '%s': unknown function '%s'", p.s, name)
	}
	if p.i >= len(p.s) || p.s[p.i] != '(' {
		return nil, p.fail("expected '('")
	}
	p.i++
	args, err := p.args()
	if err != nil {
		return nil, err
	}
	return &call{name: name, args: args}, nil
}

// args reads the comma-separated arguments up to and including ')'.
func (p *scanner) args() ([]any, error) {
	var args []any
	if p.skipSpace(); p.i < len(p.s) && p.s[p.i] == ')' {
		p.i++
		return args, nil
	}
	for {
		p.skipSpace()
		a, err := p.arg()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, p.fail("expected ')'")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ')':
			p.i++
			return args, nil
		default:
			return nil, p.fail("expected ',' or ')'")
		}
	}
}

func (p *scanner) arg() (any, error) {
	if p.i >= len(p.s) {
		return nil, p.fail("expected an argument")
	}
	switch c := p.s[p.i]; {
	case c == '\'':
		return p.str()
	case c == '$':
		return p.ref(), nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case strings.HasPrefix(p.s[p.i:], "States."):
		return p.call()
	}
	return p.word()
}

// quoted is a string literal: its value, and its text as a States.Format
// template, where \{ \} and \\ keep their backslash so that escaped braces
// are told from placeholders.
type quoted struct{ value, template string }

// str reads a quoted string; \' \{ \} and \\ are escapes.
func (p *scanner) str() (any, error) {
	var v, t strings.Builder
	for p.i++; p.i < len(p.s); p.i++ {
		switch c := p.s[p.i]; c {
		case '\'':
			p.i++
			return quoted{v.String(), t.String()}, nil
		case '\\':
			if p.i+1 >= len(p.s) {
				return nil, p.fail("unterminated escape")
			}
			p.i++
			if e := p.s[p.i]; e != '\'' {
				t.WriteByte('\\')
			}
			v.WriteByte(p.s[p.i])
			t.WriteByte(p.s[p.i])
		default:
			v.WriteByte(c)
			t.WriteByte(c)
		}
	}
	return nil, p.fail("unterminated string")
}

// ref reads a path or variable reference up to the next top-level ',' or ')'.
func (p *scanner) ref() ref {
	start, depth := p.i, 0
	for ; p.i < len(p.s); p.i++ {
		switch c := p.s[p.i]; {
		case c == '\'' || c == '"':
			p.i = quoteEnd(p.s, p.i) - 1
		case c == '[' || c == '(':
			depth++
		case c == ']' || c == ')' && depth > 0:
			depth--
		case (c == ',' || c == ')') && depth == 0:
			return ref(strings.TrimSpace(p.s[start:p.i]))
		}
	}
	return ref(strings.TrimSpace(p.s[start:]))
}

func (p *scanner) number() (any, error) {
	start := p.i
	for p.i < len(p.s) && strings.IndexByte("+-.eE0123456789", p.s[p.i]) >= 0 {
		p.i++
	}
	n := json.Number(p.s[start:p.i])
	if _, err := n.Float64(); err != nil {
		return nil, p.fail(fmt.Sprintf("invalid number %q", string(n)))
	}
	return n, nil
}

// words are the literals besides strings and numbers.
var words = map[string]any{"true": true, "false": false, "null": nil}

// word reads the literals true, false and null.
func (p *scanner) word() (any, error) {
	for w, v := range words {
		if strings.HasPrefix(p.s[p.i:], w) {
			p.i += len(w)
			return v, nil
		}
	}
	return nil, p.fail("expected an argument")
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
