package asl

import (
	"sort"
	"strings"
)

// format evaluates States.Format: the template's "{}" placeholders take the
// other arguments in order; \{ and \} are literal braces.
func format(template any, args []any) (any, error) {
	tmpl, err := formatTemplate(template, args[0])
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	next := 1
	for i := 0; i < len(tmpl); i++ {
		switch {
		case tmpl[i] == '\\' && i+1 < len(tmpl):
			i++
			b.WriteByte(tmpl[i])
		case strings.HasPrefix(tmpl[i:], "{}"):
			if next >= len(args) {
				return nil, formatCountError(tmpl, len(args)-1)
			}
			b.WriteString(formatValue(args[next]))
			next++
			i++
		default:
			b.WriteByte(tmpl[i])
		}
	}
	if next != len(args) {
		return nil, formatCountError(tmpl, len(args)-1)
	}
	return b.String(), nil
}

// formatTemplate is the template text: a literal's text with its escapes,
// or the string a reference selected.
func formatTemplate(raw, value any) (string, error) {
	if q, ok := raw.(quoted); ok {
		return q.template, nil
	}
	return stringArg("States.Format", value)
}

func formatCountError(tmpl string, n int) *Error {
	return intrinsicError("The number of arguments of States.Format (%d) does not match the placeholders in '%s'", n, tmpl)
}

// formatValue renders a value as States.Format does: strings as they are,
// numbers, booleans and null as JSON, arrays as [a, b] and objects as {k=v}.
func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = formatValue(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + formatValue(v[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return compact(v)
}
