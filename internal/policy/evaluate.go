package policy

// Request is one request as the policies judge it.
type Request struct {
	Principal Principal
	// Action is the IAM action ("lambda:InvokeFunction").
	Action string
	// Resource is the resource's ARN, or "*".
	Resource string
	// ResourceAccount owns the resource; "" means the principal's own.
	ResourceAccount string
	// Context holds the request's condition keys by lower-case name.
	Context map[string][]string
}

// Decision is the outcome of an evaluation.
type Decision int

// The three outcomes: denied because nothing allows, allowed, or denied by
// a statement.
const (
	ImplicitDeny Decision = iota
	Allowed
	ExplicitDeny
)

// Kinds of policy, as AWS names them in its refusals.
const (
	IdentityBased = "identity-based"
	ResourceBased = "resource-based"
)

// Result is a decision and, for a refusal, the kind of policy that refused:
// the one with the deny, or the one that would have had to allow.
type Result struct {
	Decision Decision
	By       string
}

// Reason ends AWS's access-denied message for a refusal of action.
func (r Result) Reason(action string) string {
	if r.Decision == ExplicitDeny {
		article := "an"
		if r.By == ResourceBased {
			article = "a"
		}
		return "with an explicit deny in " + article + " " + r.By + " policy"
	}
	return "because no " + r.By + " policy allows the " + action + " action"
}

// Evaluate decides req under the principal's identity-based policies and
// the resource's policy (nil when it has none). An explicit deny in either
// wins. Within one account an allow from either suffices — from the
// resource's policy only when it names the principal itself, not merely
// its account; across accounts both must allow.
func Evaluate(req Request, identity []*Document, resource *Document) Result {
	idAllow, idDeny := scanIdentity(req, identity)
	resGrant, resDeny := scanResource(req, resource)
	switch {
	case idDeny:
		return Result{ExplicitDeny, IdentityBased}
	case resDeny:
		return Result{ExplicitDeny, ResourceBased}
	}
	if req.ResourceAccount == "" || req.ResourceAccount == req.Principal.Account {
		if idAllow || resGrant == named {
			return Result{Decision: Allowed}
		}
		return Result{ImplicitDeny, IdentityBased}
	}
	switch {
	case !idAllow:
		return Result{ImplicitDeny, IdentityBased}
	case resGrant == unnamed:
		return Result{ImplicitDeny, ResourceBased}
	}
	return Result{Decision: Allowed}
}

// Trusts reports whether a role's trust policy lets req's principal
// perform req's action (sts:AssumeRole): a trust policy must always allow,
// whatever the identity-based policies say.
func Trusts(trust *Document, req Request) bool {
	g, deny := scanResource(req, trust)
	return g != unnamed && !deny
}

func scanIdentity(req Request, docs []*Document) (allow, deny bool) {
	for _, d := range docs {
		for _, st := range d.Statements {
			if !st.covers(req, d.variables()) {
				continue
			}
			if st.Effect == Deny {
				return allow, true
			}
			allow = true
		}
	}
	return allow, false
}

func scanResource(req Request, d *Document) (best grant, deny bool) {
	if d == nil {
		return unnamed, false
	}
	for _, st := range d.Statements {
		g := st.names(req.Principal)
		if g == unnamed || !st.covers(req, d.variables()) {
			continue
		}
		if st.Effect == Deny {
			return best, true
		}
		best = max(best, g)
	}
	return best, false
}

func (d *Document) variables() bool { return d.Version == "2012-10-17" }
