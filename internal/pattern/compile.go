package pattern

import (
	"strconv"
	"strings"
)

// A compiler turns a pattern's tree into alternatives: "$or" is expanded, as
// Event Ruler expands it, into one flat set of field paths per combination of
// its branches, and the pattern matches when any alternative does.
type compiler struct {
	d        dialect
	expandOr bool // false reads "$or" as an ordinary field name
	alts     []*alt
}

// An alt is one alternative: the leaves it asks for, by path. Writing a path
// twice keeps the later leaf, in document order, as Event Ruler does.
type alt struct {
	paths  [][]string
	leaves map[string]*leaf // by pathKey
}

func (a *alt) put(path []string, l *leaf) {
	k := pathKey(path)
	if _, ok := a.leaves[k]; !ok {
		a.paths = append(a.paths, path)
	}
	a.leaves[k] = l
}

func (a *alt) clone() *alt {
	b := &alt{paths: append([][]string(nil), a.paths...), leaves: make(map[string]*leaf, len(a.leaves))}
	for k, l := range a.leaves {
		b.leaves[k] = l
	}
	return b
}

func pathKey(path []string) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

// orReserved are the names a "$or" branch may not use as field names.
var orReserved = map[string]bool{
	"anything-but": true, "prefix": true, "suffix": true, "equals-ignore-case": true,
	"numeric": true, "exists": true, "cidr": true, "wildcard": true, "exactly": true,
	"=": true, "<": true, "<=": true, ">": true, ">=": true,
}

// readObject reads an object of the pattern at path, in document order.
func (c *compiler) readObject(path []string, members []member, inOr bool) *Error {
	if len(members) == 0 {
		return c.d.fail("Empty objects are not allowed")
	}
	for _, m := range members {
		if m.key == "$or" && c.expandOr {
			if err := c.readOr(path, m.val); err != nil {
				return err
			}
			continue
		}
		if inOr && orReserved[m.key] {
			return c.d.fail("%s is Ruler reserved fieldName which cannot be used inside $or.", m.key)
		}
		sub := append(path[:len(path):len(path)], m.key)
		switch m.val.kind {
		case jObject:
			if err := c.readObject(sub, m.val.members, inOr); err != nil {
				return err
			}
		case jArray:
			l, err := c.readLeaf(m.val.elems)
			if err != nil {
				return err
			}
			c.put(sub, l)
		default:
			return c.d.fail("%q must be an object or an array", m.key)
		}
	}
	return nil
}

func (c *compiler) put(path []string, l *leaf) {
	if len(c.alts) == 0 {
		c.alts = []*alt{{leaves: map[string]*leaf{}}}
	}
	for _, a := range c.alts {
		a.put(path, l)
	}
}

// readOr reads a "$or": each branch continues every alternative so far.
func (c *compiler) readOr(path []string, val jnode) *Error {
	if val.kind != jArray {
		return c.d.fail("It must be an Array followed with $or.")
	}
	before := c.alts
	var after []*alt
	for _, branch := range val.elems {
		if branch.kind != jObject {
			return c.d.fail("Only JSON object is allowed in array of $or relationship.")
		}
		c.alts = nil
		for _, a := range before {
			c.alts = append(c.alts, a.clone())
		}
		if err := c.readObject(path, branch.members, true); err != nil {
			return err
		}
		after = append(after, c.alts...)
		if len(after) > maxAlternatives {
			return c.d.tooBig("Event pattern contains more than %d rule combinations", maxAlternatives)
		}
	}
	if len(val.elems) < 2 {
		return c.d.fail("There must have at least 2 Objects in $or relationship.")
	}
	c.alts = after
	return nil
}

// hasOr reports whether "$or" appears as a key anywhere in the pattern.
func hasOr(n jnode) bool {
	for _, m := range n.members {
		if m.key == "$or" || hasOr(m.val) {
			return true
		}
	}
	for _, e := range n.elems {
		if hasOr(e) {
			return true
		}
	}
	return false
}
