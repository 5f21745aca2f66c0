package pattern

// A leaf is what one field of the pattern asks of the event's leaves at that
// field: the list of values and match expressions, any one of which will do.
type leaf struct {
	strs        map[string]bool // literal strings that are not IP addresses
	any         []matcher       // some leaf matches one of these
	every       []matcher       // every leaf (and at least one) matches one of these
	existsTrue  bool
	existsFalse bool
}

// A term is one entry of a field's list, once read.
type term struct {
	m      matcher
	exists int8 // +1 for "exists": true, -1 for false
	every  bool // m must hold for every leaf (SNS anything-but)
}

// readLeaf reads a field's list of values and match expressions.
func (c *compiler) readLeaf(list []jnode) (*leaf, *Error) {
	l := &leaf{}
	for _, n := range list {
		switch n.kind {
		case jObject:
			t, err := c.readExpr(n)
			if err != nil {
				return nil, err
			}
			l.add(t)
		case jString:
			if ip, ok := parseIP(n.text); ok {
				l.any = append(l.any, exact{kind: jString, key: n.text, ip: ip})
				continue
			}
			if l.strs == nil {
				l.strs = map[string]bool{}
			}
			l.strs[n.text] = true
		case jNumber:
			l.any = append(l.any, exact{kind: jNumber, key: numberKey(n.text)})
		case jBool, jNull:
			l.any = append(l.any, exact{kind: n.kind, b: n.b})
		default:
			return nil, c.d.fail("Match value must be String, number, true, false, or null")
		}
	}
	if len(list) == 0 {
		return nil, c.d.fail("Empty arrays are not allowed")
	}
	return l, nil
}

func (l *leaf) add(t term) {
	switch {
	case t.exists > 0:
		l.existsTrue = true
	case t.exists < 0:
		l.existsFalse = true
	case t.every:
		l.every = append(l.every, t.m)
	default:
		l.any = append(l.any, t.m)
	}
}

// match reports whether the event's value v at this field (present or not)
// satisfies the leaf.
func (l *leaf) match(v any, present bool, d dialect) bool {
	if l.existsTrue || l.existsFalse {
		has := present && hasLeaf(v, d)
		if l.existsTrue && has || l.existsFalse && !has {
			return true
		}
	}
	if !present {
		return false
	}
	if l.someLeaf(v) {
		return true
	}
	for _, m := range l.every {
		if all, n := everyLeaf(v, m); all && n > 0 {
			return true
		}
	}
	return false
}

// someLeaf reports whether v, or any leaf within v's arrays, is a value the
// leaf lists or matches.
func (l *leaf) someLeaf(v any) bool {
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if l.someLeaf(e) {
				return true
			}
		}
		return false
	case map[string]any, *object:
		return false
	case string:
		if l.strs[t] {
			return true
		}
	}
	for _, m := range l.any {
		if m.match(v) {
			return true
		}
	}
	return false
}

// everyLeaf reports whether m matches every leaf of v, and how many there are.
func everyLeaf(v any, m matcher) (bool, int) {
	switch t := v.(type) {
	case []any:
		n := 0
		for _, e := range t {
			all, k := everyLeaf(e, m)
			if !all {
				return false, 0
			}
			n += k
		}
		return true, n
	case map[string]any, *object:
		return true, 0
	}
	return m.match(v), 1
}

// hasLeaf reports whether v is a leaf or an array holding one. Under SNS a
// null does not count: AWS documents that "exists": true needs a non-null value.
func hasLeaf(v any, d dialect) bool {
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if hasLeaf(e, d) {
				return true
			}
		}
		return false
	case map[string]any, *object:
		return false
	case nil:
		return !d.sns
	}
	return true
}
