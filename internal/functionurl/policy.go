package functionurl

import (
	"strings"

	"github.com/virga-dev/virga/internal/lambda"
)

// caller is who a request comes from, as a policy sees it: an account, or
// anyone at all (account "") for a URL without auth.
type caller struct {
	account  string
	authType string
}

// allowedBy reports whether a resource-based policy lets c invoke the URL:
// a statement allowing lambda:InvokeFunctionUrl to c, whose conditions,
// if any, hold for the URL's auth type and c's account. A URL without auth
// needs a statement for everyone ("*").
func (c caller) allowedBy(policy []lambda.Statement) bool {
	for _, st := range policy {
		if st.Effect == "Allow" && grantsInvokeURL(st.Action) && c.isPrincipal(st.Principal) && c.meets(st.Condition) {
			return true
		}
	}
	return false
}

func grantsInvokeURL(action string) bool {
	return action == "*" || strings.EqualFold(action, "lambda:*") || strings.EqualFold(action, lambda.ActionInvokeURL)
}

func (c caller) isPrincipal(p any) bool {
	var id string
	switch p := p.(type) {
	case string:
		id = p
	case map[string]any:
		id, _ = p["AWS"].(string)
	}
	return id == "*" || c.account != "" && (id == c.account || id == "arn:aws:iam::"+c.account+":root")
}

// meets checks the conditions Virga knows for a URL request: the URL's
// auth type and the caller's account. Any other condition fails.
func (c caller) meets(cond map[string]map[string]string) bool {
	for op, keys := range cond {
		for k, v := range keys {
			ok := op == "StringEquals" && (strings.EqualFold(k, "lambda:FunctionUrlAuthType") && v == c.authType ||
				strings.EqualFold(k, "AWS:SourceAccount") && c.account != "" && v == c.account)
			if !ok {
				return false
			}
		}
	}
	return true
}
