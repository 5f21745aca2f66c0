package pattern

// A node is one object level of an alternative: its fields, each of which
// may ask for leaves, for an object below, or (written both ways) for both.
type node struct {
	fields []field
}

type field struct {
	name  string
	leaf  *leaf
	child *node
}

// newNode builds the tree of an alternative from its paths.
func newNode(a *alt) *node {
	root := &node{}
	for _, p := range a.paths {
		n := root
		for _, name := range p[:len(p)-1] {
			f := n.field(name)
			if f.child == nil {
				f.child = &node{}
			}
			n = f.child
		}
		n.field(p[len(p)-1]).leaf = a.leaves[pathKey(p)]
	}
	return root
}

func (n *node) field(name string) *field {
	for i := range n.fields {
		if n.fields[i].name == name {
			return &n.fields[i]
		}
	}
	n.fields = append(n.fields, field{name: name})
	return &n.fields[len(n.fields)-1]
}

// match reports whether the event object obj (a map[string]any, an *object
// or nil) satisfies n.
func (n *node) match(obj any, d dialect) bool {
	for i := range n.fields {
		f := &n.fields[i]
		v, present := lookup(obj, f.name)
		if f.leaf != nil && !f.leaf.match(v, present, d) {
			return false
		}
		if f.child != nil && !f.child.matchWithin(v, d) {
			return false
		}
	}
	return true
}

// matchWithin reports whether some object in v (v itself, or an element of
// its arrays) satisfies n. Where v holds no object at all, n is asked of an
// empty one, which only "exists": false can satisfy.
func (n *node) matchWithin(v any, d dialect) bool {
	if ok, seen := n.someObject(v, d); seen {
		return ok
	}
	return n.match(nil, d)
}

func (n *node) someObject(v any, d dialect) (ok, seen bool) {
	switch t := v.(type) {
	case map[string]any, *object:
		return n.match(t, d), true
	case []any:
		for _, e := range t {
			ok, s := n.someObject(e, d)
			if ok {
				return true, true
			}
			seen = seen || s
		}
	}
	return false, seen
}

// lookup is the value of the field named name in the event object obj.
func lookup(obj any, name string) (any, bool) {
	switch o := obj.(type) {
	case map[string]any:
		v, ok := o[name]
		return v, ok
	case *object:
		return o.get(name)
	}
	return nil, false
}

// A need is what of the event the pattern reads, across all its
// alternatives: Match keeps these fields and skips the rest.
type need struct {
	name string
	leaf bool             // the field's leaves are read
	kids map[string]*need // the fields read in the field's objects
	list []*need          // kids, to scan
}

func (nd *need) add(n *node) {
	for _, f := range n.fields {
		if nd.kids == nil {
			nd.kids = map[string]*need{}
		}
		k := nd.kids[f.name]
		if k == nil {
			k = &need{name: f.name}
			nd.kids[f.name] = k
			nd.list = append(nd.list, k)
		}
		k.leaf = k.leaf || f.leaf != nil
		if f.child != nil {
			k.add(f.child)
		}
	}
}
