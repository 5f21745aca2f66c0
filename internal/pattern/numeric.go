package pattern

// numeric matches numbers within a range, or equal to one number: the
// numeric match expression.
type numeric struct {
	lo, hi         float64
	hasLo, hasHi   bool
	loOpen, hiOpen bool    // the bound itself is excluded
	limit          float64 // numbers beyond ±limit compare with nothing
}

func (m numeric) match(v any) bool {
	f, ok := numberValue(v)
	if !ok || f < -m.limit || f > m.limit {
		return false
	}
	if m.hasLo && (f < m.lo || m.loOpen && f == m.lo) {
		return false
	}
	if m.hasHi && (f > m.hi || m.hiOpen && f == m.hi) {
		return false
	}
	return true
}

// opNames are the numeric operators, as AWS's errors name them.
var opNames = map[string]string{"=": "equals", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

// readNumeric reads a numeric operand: ["=", n], ["<", n], ["<=", n],
// [">", n], [">=", n], or a lower bound followed by an upper one, such as
// [">", 0, "<=", 5].
func (c *compiler) readNumeric(val jnode) (matcher, *Error) {
	if val.kind != jArray {
		return nil, c.d.fail("Value of numeric must be an array.")
	}
	e := val.elems
	if len(e) == 0 {
		return nil, c.d.fail("Invalid member in numeric match: ]")
	}
	if e[0].kind != jString {
		return nil, c.d.fail("Invalid member in numeric match: %s", tokenText(e[0]))
	}
	op := e[0].text
	if _, ok := opNames[op]; !ok {
		return nil, c.d.fail("Unrecognized numeric range operator: %s", op)
	}
	if len(e) < 2 || e[1].kind != jNumber {
		return nil, c.d.fail("Value of %s must be numeric", opNames[op])
	}
	f, err := c.checkNumber(e[1])
	if err != nil {
		return nil, err
	}
	m := numeric{limit: c.d.numberLimit()}
	switch op {
	case "=":
		m.lo, m.hi, m.hasLo, m.hasHi = f, f, true, true
	case "<", "<=":
		m.hi, m.hasHi, m.hiOpen = f, true, op == "<"
	default:
		m.lo, m.hasLo, m.loOpen = f, true, op == ">"
		if len(e) > 2 {
			return c.readUpperBound(m, e[2:])
		}
	}
	if len(e) > 2 {
		return nil, c.d.fail("Too many elements in numeric expression")
	}
	return m, nil
}

func (c *compiler) readUpperBound(m numeric, e []jnode) (matcher, *Error) {
	if e[0].kind != jString {
		return nil, c.d.fail("Bad value in numeric range: %s", tokenText(e[0]))
	}
	op := e[0].text
	if op != "<" && op != "<=" {
		return nil, c.d.fail("Bad numeric range operator: %s", op)
	}
	if len(e) < 2 || e[1].kind != jNumber {
		return nil, c.d.fail("Value of %s must be numeric", op)
	}
	if len(e) > 2 {
		return nil, c.d.fail("Too many terms in numeric range expression")
	}
	f, err := c.checkNumber(e[1])
	if err != nil {
		return nil, err
	}
	if f <= m.lo {
		return nil, c.d.fail("Bottom must be less than top")
	}
	m.hi, m.hasHi, m.hiOpen = f, true, op == "<"
	return m, nil
}
