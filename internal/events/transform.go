package events

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// Predefined variables of an input template.
const (
	varRuleARN       = "aws.events.rule-arn"
	varRuleName      = "aws.events.rule-name"
	varIngestionTime = "aws.events.event.ingestion-time"
	varEvent         = "aws.events.event"
	varEventJSON     = "aws.events.event.json"
)

var predefined = []string{varRuleARN, varRuleName, varIngestionTime, varEvent, varEventJSON}

// placeholderRE is what may stand between < and > as a placeholder.
var placeholderRE = regexp.MustCompile(`^[A-Za-z0-9_\-.]+$`)

// delivered names the rule an event is delivered for.
type delivered struct {
	ruleName, ruleARN string
}

// input is what a target receives of an event (raw is the event's JSON):
// its constant Input, what its InputPath selects, what its
// InputTransformer makes, or the event itself.
func input(t Target, by delivered, ev event, raw []byte) []byte {
	switch {
	case t.Input != nil:
		return []byte(*t.Input)
	case t.InputPath != nil:
		p, _ := parsePath(*t.InputPath)
		if v, ok := p.eval(raw); ok {
			return compact(v)
		}
		return []byte("null")
	case t.InputTransformer != nil && t.InputTransformer.InputTemplate != nil:
		vars := variables(t.InputTransformer.InputPathsMap, by, ev, raw)
		return render(*t.InputTransformer.InputTemplate, vars)
	}
	return raw
}

// variables gives each variable of a template its value, raw JSON; a path
// that selects nothing leaves its variable defined but without a value.
func variables(paths map[string]string, by delivered, ev event, raw []byte) map[string]json.RawMessage {
	vars := map[string]json.RawMessage{
		varRuleARN:       quote(by.ruleARN),
		varRuleName:      quote(by.ruleName),
		varIngestionTime: quote(ev.received.UTC().Format(timeFormat)),
		varEvent:         ev.metadata(),
		varEventJSON:     raw,
	}
	for name, path := range paths {
		vars[name] = nil
		if p, ok := parsePath(path); ok {
			if v, ok := p.eval(raw); ok {
				vars[name] = v
			}
		}
	}
	return vars
}

// render fills a template's placeholders. A template that is JSON (an
// object, an array or a string) is read as JSON: a placeholder inside a
// string gives a string's characters, escaped as the string needs, and a
// bare one gives the value as JSON, strings quoted; a variable without a
// value gives nothing inside a string and "" bare. Any other template is
// text, and a placeholder gives a string's characters or the value's JSON.
func render(tmpl string, vars map[string]json.RawMessage) []byte {
	jsonMode := looksJSON(tmpl)
	var b bytes.Buffer
	inString := false
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		switch {
		case jsonMode && inString && c == '\\' && i+1 < len(tmpl):
			b.WriteByte(c)
			i++
			c = tmpl[i]
		case jsonMode && c == '"':
			inString = !inString
		case c == '<':
			if name, end, ok := placeholderAt(tmpl, i); ok {
				if v, defined := vars[name]; defined {
					writeValue(&b, v, jsonMode, inString)
					i = end
					continue
				}
			}
		}
		b.WriteByte(c)
	}
	return b.Bytes()
}

func looksJSON(tmpl string) bool {
	t := strings.TrimSpace(tmpl)
	return t != "" && strings.ContainsRune("{[\"", rune(t[0]))
}

// placeholderAt reads a placeholder "<name>" at i; end is the index of '>'.
func placeholderAt(tmpl string, i int) (name string, end int, ok bool) {
	j := strings.IndexByte(tmpl[i+1:], '>')
	if j < 0 {
		return "", 0, false
	}
	name = tmpl[i+1 : i+1+j]
	return name, i + 1 + j, placeholderRE.MatchString(name)
}

// placeholders lists the names a template's placeholders use.
func placeholders(tmpl string) []string {
	var names []string
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '<' {
			continue
		}
		if name, end, ok := placeholderAt(tmpl, i); ok {
			names = append(names, name)
			i = end
		}
	}
	return names
}

func writeValue(b *bytes.Buffer, v json.RawMessage, jsonMode, inString bool) {
	if v == nil {
		if jsonMode && !inString {
			b.WriteString(`""`)
		}
		return
	}
	var s string
	isString := json.Unmarshal(v, &s) == nil
	switch {
	case !jsonMode && isString:
		b.WriteString(s)
	case !jsonMode || !inString:
		b.Write(compact(v))
	case isString:
		b.Write(escaped(s))
	default:
		b.Write(escaped(string(compact(v))))
	}
}

// escaped is s as the inside of a JSON string.
func escaped(s string) []byte {
	q := quote(s)
	return q[1 : len(q)-1]
}

func quote(s string) json.RawMessage { return marshalJSON(s) }

// compact is v without insignificant white space.
func compact(v json.RawMessage) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return v
	}
	return b.Bytes()
}
