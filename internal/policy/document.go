package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
)

// Effect is what a statement does to the requests it matches.
type Effect string

// The two effects.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Document is a parsed policy document.
type Document struct {
	Version    string
	ID         string
	Statements []Statement
}

// Statement is one statement of a document. Of Action and NotAction
// exactly one is set; of Resource and NotResource at most one (a trust
// policy names none); Principal and NotPrincipal appear in resource-based
// policies only.
type Statement struct {
	Sid                   string
	Effect                Effect
	Principal             Principals
	NotPrincipal          Principals
	Action, NotAction     []string
	Resource, NotResource []string
	Conditions            []Condition
}

// Principals maps a principal type ("AWS", "Service", "Federated",
// "CanonicalUser") to its values; the bare "*" is {"*": ["*"]}.
type Principals map[string][]string

// Condition is one key tested by one operator, as in
// {"StringEquals": {"aws:PrincipalTag/team": ["core"]}}.
type Condition struct {
	Operator string
	Key      string
	Values   []string
}

// ErrMalformed is a document IAM would not accept.
var ErrMalformed = errors.New("malformed policy document")

// Parse reads a policy document.
func Parse(doc []byte) (*Document, error) {
	var raw struct {
		Version   *string
		Id        *string
		Statement json.RawMessage
	}
	if err := strictUnmarshal(doc, &raw); err != nil {
		return nil, malformed("%v", err)
	}
	d := &Document{Version: deref(raw.Version), ID: deref(raw.Id)}
	switch d.Version {
	case "", "2008-10-17", "2012-10-17":
	default:
		return nil, malformed("unknown Version %q", d.Version)
	}
	statements, err := listOf[json.RawMessage](raw.Statement)
	if err != nil || len(statements) == 0 {
		return nil, malformed("Statement must be a statement or a list of them")
	}
	for i, s := range statements {
		st, err := parseStatement(s)
		if err != nil {
			return nil, malformed("statement %d: %v", i+1, err)
		}
		d.Statements = append(d.Statements, st)
	}
	return d, nil
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// rawStatement is a statement as written; every element is optional in the
// JSON and checked afterwards.
type rawStatement struct {
	Sid          *string
	Effect       *string
	Principal    json.RawMessage
	NotPrincipal json.RawMessage
	Action       json.RawMessage
	NotAction    json.RawMessage
	Resource     json.RawMessage
	NotResource  json.RawMessage
	Condition    map[string]map[string]json.RawMessage
}

func parseStatement(data json.RawMessage) (Statement, error) {
	var raw rawStatement
	if err := strictUnmarshal(data, &raw); err != nil {
		return Statement{}, err
	}
	st := Statement{Sid: deref(raw.Sid), Effect: Effect(deref(raw.Effect))}
	if st.Effect != Allow && st.Effect != Deny {
		return st, fmt.Errorf("Effect must be Allow or Deny, not %q", st.Effect)
	}
	var err error
	if st.Action, st.NotAction, err = either(raw.Action, raw.NotAction, "Action", true); err != nil {
		return st, err
	}
	if st.Resource, st.NotResource, err = either(raw.Resource, raw.NotResource, "Resource", false); err != nil {
		return st, err
	}
	if st.Principal, err = parsePrincipals(raw.Principal); err != nil {
		return st, err
	}
	if st.NotPrincipal, err = parsePrincipals(raw.NotPrincipal); err != nil {
		return st, err
	}
	if st.Principal != nil && st.NotPrincipal != nil {
		return st, errors.New("Principal and NotPrincipal cannot both be set")
	}
	st.Conditions, err = parseConditions(raw.Condition)
	return st, err
}

// either reads an element that has a Not form: at most one of the two may
// appear, and exactly one when required.
func either(yes, no json.RawMessage, name string, required bool) ([]string, []string, error) {
	switch {
	case yes != nil && no != nil:
		return nil, nil, fmt.Errorf("%s and Not%s cannot both be set", name, name)
	case yes == nil && no == nil && required:
		return nil, nil, fmt.Errorf("%s or Not%s is required", name, name)
	case yes != nil:
		v, err := stringList(yes, name)
		return v, nil, err
	case no != nil:
		v, err := stringList(no, "Not"+name)
		return nil, v, err
	}
	return nil, nil, nil
}

// stringList reads a string or a non-empty list of strings.
func stringList(data json.RawMessage, name string) ([]string, error) {
	v, err := listOf[string](data)
	if err != nil || len(v) == 0 {
		return nil, fmt.Errorf("%s must be a string or a list of strings", name)
	}
	return v, nil
}

func parsePrincipals(data json.RawMessage) (Principals, error) {
	if data == nil {
		return nil, nil
	}
	var star string
	if json.Unmarshal(data, &star) == nil {
		if star != "*" {
			return nil, errors.New(`a Principal that is a string must be "*"`)
		}
		return Principals{"*": {"*"}}, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil || len(raw) == 0 {
		return nil, errors.New("Principal must be \"*\" or an object of principal types")
	}
	p := Principals{}
	for typ, values := range raw {
		v, err := stringList(values, "Principal "+typ)
		if err != nil {
			return nil, err
		}
		p[typ] = v
	}
	return p, nil
}

// parseConditions flattens the condition block, in a stable order.
func parseConditions(block map[string]map[string]json.RawMessage) ([]Condition, error) {
	var out []Condition
	for op, keys := range block {
		if _, err := parseOperator(op); err != nil {
			return nil, err
		}
		for key, raw := range keys {
			values, err := conditionValues(raw)
			if err != nil {
				return nil, fmt.Errorf("condition %s %s: %v", op, key, err)
			}
			out = append(out, Condition{Operator: op, Key: key, Values: values})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Operator+"\x00"+out[i].Key < out[j].Operator+"\x00"+out[j].Key
	})
	return out, nil
}

// conditionValues reads a condition's values: strings, numbers and
// booleans, alone or in a list.
func conditionValues(data json.RawMessage) ([]string, error) {
	items, err := listOf[json.RawMessage](data)
	if err != nil || len(items) == 0 {
		return nil, errors.New("values must be a value or a non-empty list")
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		var v any
		if err := json.Unmarshal(item, &v); err != nil {
			return nil, err
		}
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case bool:
			out = append(out, strconv.FormatBool(v))
		case float64:
			out = append(out, string(bytes.TrimSpace(item)))
		default:
			return nil, errors.New("values must be strings, numbers or booleans")
		}
	}
	return out, nil
}

// listOf reads a T or a list of T.
func listOf[T any](data json.RawMessage) ([]T, error) {
	if t := bytes.TrimSpace(data); len(t) == 0 || string(t) == "null" {
		return nil, errors.New("missing")
	}
	if t := bytes.TrimSpace(data); t[0] != '[' {
		var one T
		err := json.Unmarshal(t, &one)
		return []T{one}, err
	}
	var many []T
	if err := json.Unmarshal(data, &many); err != nil {
		return nil, err
	}
	return many, nil
}

// strictUnmarshal refuses elements a policy does not have, as IAM does: a
// misspelled Condition must not widen a statement.
func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
