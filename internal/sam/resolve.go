package sam

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// noValue is what Ref AWS::NoValue resolves to: the property is dropped.
type noValue struct{}

// names is what intrinsics resolve to: parameters and pseudo parameters,
// what Ref of a resource gives, and the attributes Fn::GetAtt reads.
type names struct {
	refs  map[string]any
	attrs map[string]string // "Logical.Attr"
}

// resolve replaces every intrinsic in v by its value.
func (n *names) resolve(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			for k, arg := range v {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					return n.intrinsic(k, arg)
				}
			}
		}
		return n.resolveMap(v)
	case []any:
		out := make([]any, 0, len(v))
		for _, e := range v {
			r, err := n.resolve(e)
			if err != nil {
				return nil, err
			}
			if _, drop := r.(noValue); !drop {
				out = append(out, r)
			}
		}
		return out, nil
	}
	return v, nil
}

func (n *names) resolveMap(m map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, e := range m {
		r, err := n.resolve(e)
		if err != nil {
			return nil, err
		}
		if _, drop := r.(noValue); !drop {
			out[k] = r
		}
	}
	return out, nil
}

func (n *names) intrinsic(name string, arg any) (any, error) {
	arg, err := n.resolve(arg)
	if err != nil {
		return nil, err
	}
	switch name {
	case "Ref":
		return n.ref(arg)
	case "Fn::GetAtt":
		return n.getAtt(arg)
	case "Fn::Sub":
		return n.sub(arg)
	case "Fn::Join":
		return join(arg)
	}
	return nil, fmt.Errorf("intrinsic %s is not supported", name)
}

func (n *names) ref(arg any) (any, error) {
	name, _ := arg.(string)
	if name == "AWS::NoValue" {
		return noValue{}, nil
	}
	if v, ok := n.refs[name]; ok {
		return v, nil
	}
	return nil, fmt.Errorf("Ref %v: no such parameter or resource", arg)
}

func (n *names) getAtt(arg any) (any, error) {
	parts, _ := arg.([]any)
	if len(parts) != 2 {
		return nil, fmt.Errorf("Fn::GetAtt %v: want [Resource, Attribute]", arg)
	}
	key := fmt.Sprint(parts[0], ".", parts[1])
	if v, ok := n.attrs[key]; ok {
		return v, nil
	}
	return nil, fmt.Errorf("Fn::GetAtt %s: unknown resource or attribute", key)
}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// sub expands ${Name} and ${Resource.Attr}; ${!Literal} stays ${Literal}.
func (n *names) sub(arg any) (any, error) {
	text, vars := arg, map[string]any{}
	if list, ok := arg.([]any); ok && len(list) == 2 {
		text = list[0]
		if m, ok := list[1].(map[string]any); ok {
			vars = m
		}
	}
	s, ok := text.(string)
	if !ok {
		return nil, fmt.Errorf("Fn::Sub %v: want a string", arg)
	}
	var failed error
	out := subVar.ReplaceAllStringFunc(s, func(m string) string {
		v, err := n.subValue(m[2:len(m)-1], vars)
		if err != nil && failed == nil {
			failed = err
		}
		return fmt.Sprint(v)
	})
	return strings.ReplaceAll(out, "${!", "${"), failed
}

func (n *names) subValue(name string, vars map[string]any) (any, error) {
	if v, ok := vars[name]; ok {
		return v, nil
	}
	if logical, attr, ok := strings.Cut(name, "."); ok {
		return n.getAtt([]any{logical, attr})
	}
	return n.ref(name)
}

func join(arg any) (any, error) {
	list, _ := arg.([]any)
	if len(list) != 2 {
		return nil, fmt.Errorf("Fn::Join %v: want [delimiter, [values]]", arg)
	}
	parts, _ := list[1].([]any)
	strs := make([]string, len(parts))
	for i, p := range parts {
		strs[i] = fmt.Sprint(p)
	}
	return strings.Join(strs, fmt.Sprint(list[0])), nil
}

// sortedKeys gives a map's keys in order, so expansion is deterministic.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
