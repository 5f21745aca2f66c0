package asl

import (
	"strings"
	"time"
)

// operator is one comparison of a Choice rule: the JSON type its operand
// must have in the definition ("string", "number", "boolean", "timestamp",
// "path") and the test of a value against the operand.
type operator struct {
	operand string
	test    func(value, operand any) bool
}

// operators are the comparison operators of Choice rules.
var operators = buildOperators()

// orderings are the comparisons each of String, Numeric and Timestamp has.
var orderings = map[string]func(c int) bool{
	"Equals":            func(c int) bool { return c == 0 },
	"LessThan":          func(c int) bool { return c < 0 },
	"GreaterThan":       func(c int) bool { return c > 0 },
	"LessThanEquals":    func(c int) bool { return c <= 0 },
	"GreaterThanEquals": func(c int) bool { return c >= 0 },
}

// comparers compare two values of one type: ok is false when either is not
// of that type, and the rule is then false.
var comparers = map[string]struct {
	operand string
	cmp     func(a, b any) (int, bool)
}{
	"String":    {"string", compareStrings},
	"Numeric":   {"number", compareNumbers},
	"Timestamp": {"timestamp", compareTimestamps},
}

// buildOperators makes the table of operators: the orderings of each
// comparer, each also in a …Path form, then the others.
func buildOperators() map[string]operator {
	ops := map[string]operator{}
	for typ, c := range comparers {
		for rel, holds := range orderings {
			test := func(value, operand any) bool {
				n, ok := c.cmp(value, operand)
				return ok && holds(n)
			}
			ops[typ+rel] = operator{c.operand, test}
			ops[typ+rel+"Path"] = operator{"path", test}
		}
	}
	ops["BooleanEquals"] = operator{"boolean", booleanEquals}
	ops["BooleanEqualsPath"] = operator{"path", booleanEquals}
	ops["StringMatches"] = operator{"string", stringMatches}
	for name, is := range typeTests {
		ops[name] = operator{"boolean", func(value, operand any) bool { return is(value) == (operand == true) }}
	}
	ops["IsPresent"] = operator{"boolean", nil} // decided by compareRule
	return ops
}

// typeTests are the Is* operators but IsPresent.
var typeTests = map[string]func(v any) bool{
	"IsNull":      func(v any) bool { return v == nil },
	"IsNumeric":   func(v any) bool { _, ok := toFloat(v); return ok },
	"IsString":    func(v any) bool { _, ok := v.(string); return ok },
	"IsBoolean":   func(v any) bool { _, ok := v.(bool); return ok },
	"IsTimestamp": func(v any) bool { _, ok := timestamp(v); return ok },
}

func compareStrings(a, b any) (int, bool) {
	x, ok1 := a.(string)
	y, ok2 := b.(string)
	return strings.Compare(x, y), ok1 && ok2
}

func compareNumbers(a, b any) (int, bool) {
	x, ok1 := toFloat(a)
	y, ok2 := toFloat(b)
	switch {
	case x < y:
		return -1, ok1 && ok2
	case x > y:
		return 1, ok1 && ok2
	}
	return 0, ok1 && ok2
}

func compareTimestamps(a, b any) (int, bool) {
	x, ok1 := timestamp(a)
	y, ok2 := timestamp(b)
	return x.Compare(y), ok1 && ok2
}

// timestamp parses an RFC 3339 timestamp with an uppercase T and, where
// there is no offset, an uppercase Z, as the States Language requires.
func timestamp(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok || strings.ContainsAny(s, "tz") {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

func booleanEquals(value, operand any) bool {
	x, ok1 := value.(bool)
	y, ok2 := operand.(bool)
	return ok1 && ok2 && x == y
}

// stringMatches matches value against a pattern where * is any run of
// characters and \* and \\ are a literal star and backslash.
func stringMatches(value, pattern any) bool {
	s, ok1 := value.(string)
	p, ok2 := pattern.(string)
	return ok1 && ok2 && match([]rune(s), glob(p))
}

// star stands for an unescaped * in a parsed StringMatches pattern.
const star = -1

// glob parses a StringMatches pattern into runes, with star for wildcards.
func glob(p string) []rune {
	var out []rune
	escaped := false
	for _, r := range p {
		switch {
		case escaped:
			out, escaped = append(out, r), false
		case r == '\\':
			escaped = true
		case r == '*':
			out = append(out, star)
		default:
			out = append(out, r)
		}
	}
	return out
}

// match is the linear wildcard match: on a mismatch it retries from the
// last star, letting it take one more character.
func match(s, p []rune) bool {
	i, j, lastStar, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case j < len(p) && p[j] == star:
			lastStar, mark = j, i
			j++
		case j < len(p) && p[j] == s[i]:
			i++
			j++
		case lastStar >= 0:
			mark++
			i, j = mark, lastStar+1
		default:
			return false
		}
	}
	for j < len(p) && p[j] == star {
		j++
	}
	return j == len(p)
}
