package lambda

import (
	"path"
	"strings"
)

// Access is one request to use a function, as its resource-based policy
// judges it: who asks (a service, or the root user of an account), for
// which action, and the condition keys the request carries.
type Access struct {
	// Service is the principal service ("apigateway.amazonaws.com").
	Service string
	// Account is the principal account when no service asks; with neither,
	// anyone asks (a function URL without auth), whom only "*" names.
	Account string
	Action  string
	// Keys are the condition keys the request carries, such as
	// AWS:SourceArn and AWS:SourceAccount; names match case-insensitively.
	Keys map[string]string
}

// Allows reports whether a statement of p allows the access. A condition
// on a key the access does not carry fails, as on AWS.
func (p Policy) Allows(a Access) bool {
	for _, st := range p.Statement {
		if st.Allows(a) {
			return true
		}
	}
	return false
}

// Allows reports whether st allows the access.
func (st Statement) Allows(a Access) bool {
	return st.Effect == "Allow" && actionMatches(st.Action, a.Action) && st.principalMatches(a) && st.conditionsHold(a)
}

func actionMatches(pattern, action string) bool {
	return pattern == "*" || strings.EqualFold(pattern, "lambda:*") || strings.EqualFold(pattern, action)
}

func (st Statement) principalMatches(a Access) bool {
	switch p := st.Principal.(type) {
	case string:
		return p == "*"
	case map[string]any:
		if a.Service != "" {
			svc, _ := p["Service"].(string)
			return svc == a.Service
		}
		id, _ := p["AWS"].(string)
		return id == "*" || a.Account != "" && (id == a.Account || id == "arn:aws:iam::"+a.Account+":root")
	}
	return false
}

func (st Statement) conditionsHold(a Access) bool {
	for op, keys := range st.Condition {
		for k, want := range keys {
			got, ok := a.key(k)
			if !ok || !conditionHolds(op, want, got) {
				return false
			}
		}
	}
	return true
}

func (a Access) key(name string) (string, bool) {
	for k, v := range a.Keys {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// conditionHolds applies one condition operator; unknown operators fail.
func conditionHolds(op, want, got string) bool {
	switch op {
	case "StringEquals", "ArnEquals":
		return want == got
	case "StringEqualsIgnoreCase":
		return strings.EqualFold(want, got)
	case "StringLike", "ArnLike":
		return Like(want, got)
	case "Bool":
		return strings.EqualFold(want, got)
	}
	return false
}

// Like matches IAM's patterns, as StringLike and ArnLike do: * is any run
// of characters (slashes too) and ? any one character.
func Like(pattern, s string) bool {
	// path.Match stops * at "/", so slashes are swapped out first.
	const slash = "\x00"
	pattern = strings.ReplaceAll(escapeBrackets(pattern), "/", slash)
	ok, err := path.Match(pattern, strings.ReplaceAll(s, "/", slash))
	return err == nil && ok
}

// escapeBrackets keeps path.Match from reading [ ] and \ as syntax.
func escapeBrackets(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`)
	return r.Replace(p)
}
