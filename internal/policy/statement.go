package policy

// names is how closely a resource-based statement names who: through
// Principal, or by not naming it in NotPrincipal.
func (st Statement) names(who Principal) grant {
	switch {
	case st.Principal != nil:
		return st.Principal.grantTo(who)
	case st.NotPrincipal != nil && st.NotPrincipal.grantTo(who) == unnamed:
		return named
	}
	return unnamed
}

// covers reports whether the statement is about req: its action, its
// resource and every condition.
func (st Statement) covers(req Request, variables bool) bool {
	return st.coversAction(req.Action) && st.coversResource(req, variables) && st.conditionsHold(req, variables)
}

func (st Statement) coversAction(action string) bool {
	if st.NotAction != nil {
		return !anyAction(st.NotAction, action)
	}
	return anyAction(st.Action, action)
}

func anyAction(patterns []string, action string) bool {
	for _, p := range patterns {
		if actionMatches(p, action) {
			return true
		}
	}
	return false
}

// coversResource: a statement with neither Resource nor NotResource (a
// trust policy's) is about the resource whose policy it is.
func (st Statement) coversResource(req Request, variables bool) bool {
	switch {
	case st.Resource != nil:
		return anyResource(st.Resource, req, variables)
	case st.NotResource != nil:
		return !anyResource(st.NotResource, req, variables)
	}
	return true
}

func anyResource(patterns []string, req Request, variables bool) bool {
	for _, p := range patterns {
		if variables {
			var ok bool
			if p, ok = expand(p, req.Context); !ok {
				continue
			}
		}
		if arnMatches(p, req.Resource) {
			return true
		}
	}
	return false
}

func (st Statement) conditionsHold(req Request, variables bool) bool {
	for _, c := range st.Conditions {
		if !c.holds(req.Context, variables) {
			return false
		}
	}
	return true
}
