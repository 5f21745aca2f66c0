package logs

import (
	"encoding/json"
	"strconv"
	"strings"
)

// A JSON pattern tests fields of events that are JSON objects:
//
//	{ $.level = "ERROR" && ($.latency > 100 || $.user.id != 7) }
//
// Comparisons are =, !=, <, <=, >, >=; strings may use * as a wildcard;
// $.x IS NULL, IS TRUE, IS FALSE and $.x NOT EXISTS test the value itself.

type jsonExpr interface {
	eval(doc any) bool
}

func parseJSONPattern(s string) (Pattern, error) {
	if !strings.HasSuffix(s, "}") {
		return Pattern{}, invalidPattern("a JSON pattern ends with }")
	}
	toks, err := lex(s[1 : len(s)-1])
	if err != nil {
		return Pattern{}, err
	}
	p := &parser{toks: toks}
	expr, err := p.or()
	if err != nil {
		return Pattern{}, err
	}
	if p.pos != len(p.toks) {
		return Pattern{}, invalidPattern("unexpected " + p.toks[p.pos].text)
	}
	return Pattern{match: func(msg string) bool {
		var doc any
		if json.Unmarshal([]byte(msg), &doc) != nil {
			return false
		}
		return expr.eval(doc)
	}}, nil
}

type token struct {
	kind byte // '(' ')' '&' '|' 'o' (operator) '$' (selector) 's' (string) 'w' (word)
	text string
}

func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '(' || c == ')':
			toks, i = append(toks, token{c, string(c)}), i+1
		case strings.HasPrefix(s[i:], "&&") || strings.HasPrefix(s[i:], "||"):
			toks, i = append(toks, token{c, s[i : i+2]}), i+2
		case strings.ContainsRune("=!<>", rune(c)):
			n := 1
			if i+1 < len(s) && s[i+1] == '=' {
				n = 2
			}
			op := s[i : i+n]
			if op == "!" {
				return nil, invalidPattern("unknown operator !")
			}
			toks, i = append(toks, token{'o', op}), i+n
		case c == '"':
			str, rest, err := nextTerm(s[i:])
			if err != nil {
				return nil, err
			}
			toks, i = append(toks, token{'s', str}), len(s)-len(rest)
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n()=!<>\"", rune(s[j])) && !strings.HasPrefix(s[j:], "&&") && !strings.HasPrefix(s[j:], "||") {
				j++
			}
			kind := byte('w')
			if c == '$' {
				kind = '$'
			}
			toks, i = append(toks, token{kind, s[i:j]}), j
		}
	}
	return toks, nil
}

type parser struct {
	toks []token
	pos  int
}

func (p *parser) peek() token {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return token{}
}

func (p *parser) next() token {
	t := p.peek()
	p.pos++
	return t
}

func (p *parser) or() (jsonExpr, error) {
	left, err := p.and()
	for err == nil && p.peek().kind == '|' {
		p.next()
		var right jsonExpr
		if right, err = p.and(); err == nil {
			left = orExpr{left, right}
		}
	}
	return left, err
}

func (p *parser) and() (jsonExpr, error) {
	left, err := p.unary()
	for err == nil && p.peek().kind == '&' {
		p.next()
		var right jsonExpr
		if right, err = p.unary(); err == nil {
			left = andExpr{left, right}
		}
	}
	return left, err
}

func (p *parser) unary() (jsonExpr, error) {
	if p.peek().kind == '(' {
		p.next()
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.next().kind != ')' {
			return nil, invalidPattern("missing )")
		}
		return e, nil
	}
	sel := p.next()
	if sel.kind != '$' {
		return nil, invalidPattern("expected a selector such as $.field, got " + strconv.Quote(sel.text))
	}
	path, err := parseSelector(sel.text)
	if err != nil {
		return nil, err
	}
	switch t := p.next(); {
	case t.kind == 'o':
		return p.comparison(path, t.text)
	case t.kind == 'w' && strings.EqualFold(t.text, "IS"):
		v := strings.ToUpper(p.next().text)
		if v != "NULL" && v != "TRUE" && v != "FALSE" {
			return nil, invalidPattern("IS takes NULL, TRUE or FALSE")
		}
		return isExpr{path, v}, nil
	case t.kind == 'w' && strings.EqualFold(t.text, "NOT") && strings.EqualFold(p.next().text, "EXISTS"):
		return isExpr{path, "NOT EXISTS"}, nil
	default:
		return nil, invalidPattern("expected an operator after " + sel.text)
	}
}

func (p *parser) comparison(path []any, op string) (jsonExpr, error) {
	v := p.next()
	if v.kind != 's' && v.kind != 'w' {
		return nil, invalidPattern("expected a value after " + op)
	}
	switch op {
	case "=", "!=", "<", "<=", ">", ">=":
	default:
		return nil, invalidPattern("unknown operator " + op)
	}
	c := cmpExpr{path: path, op: op, text: v.text}
	if v.kind == 'w' {
		n, err := strconv.ParseFloat(v.text, 64)
		c.num, c.isNum = n, err == nil
	}
	if op != "=" && op != "!=" && !c.isNum {
		return nil, invalidPattern(op + " compares numbers")
	}
	return c, nil
}

// parseSelector turns $.a.b[0] into ["a", "b", 0].
func parseSelector(s string) ([]any, error) {
	var path []any
	rest := strings.TrimPrefix(s, "$")
	for rest != "" {
		switch rest[0] {
		case '.':
			end := strings.IndexAny(rest[1:], ".[")
			if end < 0 {
				end = len(rest) - 1
			}
			if end == 0 {
				return nil, invalidPattern("bad selector " + s)
			}
			path, rest = append(path, rest[1:end+1]), rest[end+1:]
		case '[':
			end := strings.IndexByte(rest, ']')
			n, err := strconv.Atoi(rest[1:max(end, 1)])
			if end < 0 || err != nil {
				return nil, invalidPattern("bad selector " + s)
			}
			path, rest = append(path, n), rest[end+1:]
		default:
			return nil, invalidPattern("bad selector " + s)
		}
	}
	return path, nil
}

func lookup(doc any, path []any) (any, bool) {
	for _, seg := range path {
		switch k := seg.(type) {
		case string:
			m, ok := doc.(map[string]any)
			if !ok {
				return nil, false
			}
			if doc, ok = m[k]; !ok {
				return nil, false
			}
		case int:
			a, ok := doc.([]any)
			if !ok || k < 0 || k >= len(a) {
				return nil, false
			}
			doc = a[k]
		}
	}
	return doc, true
}

type andExpr struct{ l, r jsonExpr }

func (e andExpr) eval(doc any) bool { return e.l.eval(doc) && e.r.eval(doc) }

type orExpr struct{ l, r jsonExpr }

func (e orExpr) eval(doc any) bool { return e.l.eval(doc) || e.r.eval(doc) }

type isExpr struct {
	path []any
	what string
}

func (e isExpr) eval(doc any) bool {
	v, ok := lookup(doc, e.path)
	switch e.what {
	case "NOT EXISTS":
		return !ok
	case "NULL":
		return ok && v == nil
	}
	b, isBool := v.(bool)
	return ok && isBool && b == (e.what == "TRUE")
}

type cmpExpr struct {
	path  []any
	op    string
	text  string
	num   float64
	isNum bool
}

func (e cmpExpr) eval(doc any) bool {
	v, ok := lookup(doc, e.path)
	if !ok {
		return false
	}
	if f, isNum := v.(float64); isNum && e.isNum {
		switch e.op {
		case "=":
			return f == e.num
		case "!=":
			return f != e.num
		case "<":
			return f < e.num
		case "<=":
			return f <= e.num
		case ">":
			return f > e.num
		default:
			return f >= e.num
		}
	}
	s, scalar := scalarText(v)
	switch {
	case !scalar:
		return false
	case e.op == "=":
		return wildcard(e.text, s)
	case e.op == "!=":
		return !wildcard(e.text, s)
	}
	return false
}

func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// wildcard matches s against pattern, where * stands for any text.
func wildcard(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return s == pattern
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}
