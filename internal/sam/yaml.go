package sam

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parse reads a template in YAML (or JSON, a subset) into plain values,
// turning the short forms !Ref, !GetAtt, !Sub … into their long forms.
func parse(data []byte) (map[string]any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("read template: empty document")
	}
	r := &reader{budget: maxNodes}
	v, err := r.value(doc.Content[0])
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("read template: the document is not a mapping")
	}
	return m, nil
}

// maxNodes bounds the nodes a template may expand to, aliases included,
// so that a few nested aliases cannot expand without end.
const maxNodes = 1 << 18

// reader converts nodes while its budget lasts.
type reader struct{ budget int }

// value converts one node.
func (r *reader) value(n *yaml.Node) (any, error) {
	if r.budget--; r.budget < 0 {
		return nil, fmt.Errorf("read template: more than %d nodes", maxNodes)
	}
	if n.Kind == yaml.AliasNode {
		return r.value(n.Alias)
	}
	plain, err := r.plainValue(n)
	if err != nil || !strings.HasPrefix(n.Tag, "!") || strings.HasPrefix(n.Tag, "!!") {
		return plain, err
	}
	return shortForm(n.Tag[1:], plain), nil
}

// shortForm is the long form of a tagged value: !GetAtt A.B is
// {"Fn::GetAtt": ["A", "B"]}.
func shortForm(name string, v any) any {
	if name == "Ref" || name == "Condition" {
		return map[string]any{name: v}
	}
	if s, ok := v.(string); ok && name == "GetAtt" {
		logical, attr, _ := strings.Cut(s, ".")
		v = []any{logical, attr}
	}
	return map[string]any{"Fn::" + name: v}
}

func (r *reader) plainValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := r.value(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := r.value(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		return scalar(n), nil
	}
	return nil, fmt.Errorf("read template: line %d: unexpected YAML node", n.Line)
}

// scalar keeps numbers and booleans typed and everything else a string.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return i
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	case "!!bool":
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	case "!!null":
		return nil
	}
	return n.Value
}
