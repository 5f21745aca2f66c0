package pattern

// readAnythingBut reads the operand of anything-but: a string or number, a
// list of strings or of numbers, or an object naming one operator to negate,
// {"prefix": ...}, {"suffix": ...}, {"equals-ignore-case": ...} or
// {"wildcard": ...}, whose operand may itself be one string or a list.
func (c *compiler) readAnythingBut(val jnode) (matcher, *Error) {
	switch val.kind {
	case jObject:
		return c.readAnythingButOf(val)
	case jArray:
		return c.readAnythingButList(val.elems)
	case jString, jNumber:
		return c.readAnythingButList([]jnode{val})
	}
	return nil, c.d.fail("Value of anything-but must be an array or single string/number value.")
}

func (c *compiler) readAnythingButList(list []jnode) (matcher, *Error) {
	v := values{strs: map[string]bool{}, nums: map[string]bool{}}
	for _, n := range list {
		switch n.kind {
		case jString:
			v.strs[n.text] = true
		case jNumber:
			if _, err := c.checkNumber(n); err != nil {
				return nil, err
			}
			v.nums[numberKey(n.text)] = true
		default:
			return nil, c.d.fail("Inside anything but list, start|null|boolean is not supported.")
		}
	}
	if len(v.strs) > 0 == (len(v.nums) > 0) {
		return nil, c.d.fail("Inside anything but list, either all values are number or string, mixed type is not supported")
	}
	return not{v}, nil
}

// readAnythingButOf reads anything-but's object form. SNS knows only prefix.
func (c *compiler) readAnythingButOf(val jnode) (matcher, *Error) {
	if len(val.members) == 0 {
		return nil, c.d.fail("Anything-But expression name not found")
	}
	op, operand := val.members[0].key, val.members[0].val
	switch {
	case op == "prefix", !c.d.sns && (op == "suffix" || op == "equals-ignore-case" || op == "wildcard"):
	default:
		return nil, c.d.fail("Unsupported anything-but pattern: %s", op)
	}
	list := []jnode{operand}
	switch operand.kind {
	case jArray:
		list = operand.elems
		if len(list) == 0 {
			return nil, c.d.fail("Empty arrays are not allowed")
		}
	case jString, jNumber:
	default:
		return nil, c.d.fail("Value of anything-but must be an array or single string/number value.")
	}
	var ms anyOf
	for _, n := range list {
		m, err := c.readNegated(op, n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	if len(val.members) > 1 {
		return nil, c.d.fail("Too many elements in numeric expression")
	}
	return not{ms}, nil
}

// readNegated reads one operand of anything-but's object form.
func (c *compiler) readNegated(op string, n jnode) (matcher, *Error) {
	if n.kind != jString {
		switch op {
		case "equals-ignore-case":
			return nil, c.d.fail("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.")
		case "wildcard":
			return nil, c.d.fail("wildcard match pattern must be a string")
		}
		return nil, c.d.fail("prefix/suffix match pattern must be a string")
	}
	switch op {
	case "equals-ignore-case":
		return equalsFold(n.text), nil
	case "wildcard":
		return c.readWildcard(n)
	}
	if n.text == "" {
		return nil, c.d.fail("Null prefix/suffix not allowed")
	}
	if op == "prefix" {
		return prefix(n.text), nil
	}
	return suffix(n.text), nil
}
