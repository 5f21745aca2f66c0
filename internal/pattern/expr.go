package pattern

import "strconv"

// readExpr reads one match expression, such as {"prefix": "us-"}. Its first
// key names the operator and is read before any second key is noticed, so a
// bad operand is reported before a surplus key, as AWS reports them.
func (c *compiler) readExpr(n jnode) (term, *Error) {
	if len(n.members) == 0 {
		return term{}, c.d.fail("Match expression name not found")
	}
	name, val := n.members[0].key, n.members[0].val
	t, err := c.readOperand(name, val)
	if err != nil {
		return term{}, err
	}
	if len(n.members) > 1 {
		if name == "numeric" || name == "anything-but" {
			return term{}, c.d.fail("Too many elements in numeric expression")
		}
		return term{}, c.d.fail("Only one key allowed in match expression")
	}
	return t, nil
}

func (c *compiler) readOperand(name string, val jnode) (term, *Error) {
	switch {
	case name == "prefix" || name == "suffix":
		m, err := c.readAffix(name, val)
		return term{m: m}, err
	case name == "equals-ignore-case":
		if val.kind != jString {
			return term{}, c.d.fail("equals-ignore-case match pattern must be a string")
		}
		return term{m: equalsFold(val.text)}, nil
	case name == "numeric":
		m, err := c.readNumeric(val)
		return term{m: m}, err
	case name == "anything-but":
		m, err := c.readAnythingBut(val)
		return term{m: m, every: c.d.sns}, err
	case name == "exists":
		if val.kind != jBool {
			return term{}, c.d.fail("exists match pattern must be either true or false.")
		}
		if val.b {
			return term{exists: 1}, nil
		}
		return term{exists: -1}, nil
	case name == "cidr":
		if val.kind != jString { // sic: AWS names the wrong operator
			return term{}, c.d.fail("prefix match pattern must be a string")
		}
		m, reason := parseCIDR(val.text)
		if reason != "" {
			return term{}, c.d.fail("%s", reason)
		}
		return term{m: m}, nil
	case name == "wildcard" && !c.d.sns:
		m, err := c.readWildcard(val)
		return term{m: m}, err
	case name == "exactly" && !c.d.sns:
		if val.kind != jString {
			return term{}, c.d.fail("exact match pattern must be a string")
		}
		return term{m: exact{kind: jString, key: val.text}}, nil
	}
	return term{}, c.d.fail("Unrecognized match type %s", name)
}

// readAffix reads the operand of prefix or suffix: a string, or (outside SNS)
// {"equals-ignore-case": string} to ignore case.
func (c *compiler) readAffix(name string, val jnode) (matcher, *Error) {
	if val.kind == jObject && !c.d.sns {
		return c.readAffixFold(name, val)
	}
	if val.kind != jString {
		return nil, c.d.fail("%s match pattern must be a string", name)
	}
	if name == "prefix" {
		return prefix(val.text), nil
	}
	return suffix(val.text), nil
}

func (c *compiler) readAffixFold(name string, val jnode) (matcher, *Error) {
	title := "Prefix"
	if name == "suffix" {
		title = "Suffix"
	}
	if len(val.members) == 0 {
		return nil, c.d.fail("%s expression name not found", title)
	}
	op, operand := val.members[0].key, val.members[0].val
	if op != "equals-ignore-case" {
		return nil, c.d.fail("Unsupported %s pattern: %s", name, op)
	}
	if operand.kind != jString {
		return nil, c.d.fail("equals-ignore-case match pattern must be a string")
	}
	if len(val.members) > 1 {
		return nil, c.d.fail("Only one key allowed in match expression")
	}
	if name == "prefix" {
		return prefixFold(operand.text), nil
	}
	return suffixFold(operand.text), nil
}

func (c *compiler) readWildcard(val jnode) (matcher, *Error) {
	if val.kind != jString {
		return nil, c.d.fail("wildcard match pattern must be a string")
	}
	w, reason := parseWildcard(val.text)
	if reason != "" {
		return nil, c.d.fail("%s", reason)
	}
	return w, nil
}

// checkNumber reads a number an operator compares with, refusing one beyond
// the dialect's range.
func (c *compiler) checkNumber(n jnode) (float64, *Error) {
	f, err := strconv.ParseFloat(n.text, 64)
	if err != nil || f < -c.d.numberLimit() || f > c.d.numberLimit() {
		lim := c.d.numberLimitText()
		return 0, c.d.fail("Value must be between -%s and %s, inclusive", lim, lim)
	}
	return f, nil
}
