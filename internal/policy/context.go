package policy

import (
	"strconv"
	"strings"
	"time"
)

// Facts are what a request's global condition keys (aws:...) are made of.
type Facts struct {
	Principal Principal
	// UserID is the principal's unique id: the account for a root user,
	// "AROA…:session" for a role session.
	UserID string
	// Tags are the principal's tags (a role's), for aws:PrincipalTag/….
	Tags     map[string]string
	SourceIP string
	Region   string
	Time     time.Time
	// Secure tells whether the request came over TLS.
	Secure bool
	// SourceARN and SourceAccount are what a service acts for, when the
	// principal is a service (aws:SourceArn, aws:SourceAccount).
	SourceARN, SourceAccount string
}

// Context is the request context the facts make, keyed by lower-case name
// as Request.Context wants it.
func (f Facts) Context() map[string][]string {
	ctx := map[string][]string{
		"aws:currenttime":     {f.Time.UTC().Format(time.RFC3339)},
		"aws:epochtime":       {strconv.FormatInt(f.Time.Unix(), 10)},
		"aws:securetransport": {strconv.FormatBool(f.Secure)},
	}
	set := func(key, value string) {
		if value != "" {
			ctx[key] = []string{value}
		}
	}
	set("aws:sourceip", f.SourceIP)
	set("aws:requestedregion", f.Region)
	f.principalKeys(set)
	for k, v := range f.Tags {
		ctx["aws:principaltag/"+strings.ToLower(k)] = []string{v}
	}
	return ctx
}

// principalKeys sets the keys that describe the principal. A role
// session's aws:PrincipalArn is its role's ARN, as on AWS.
func (f Facts) principalKeys(set func(key, value string)) {
	p := f.Principal
	if p.Service != "" {
		set("aws:principalservicename", p.Service)
		set("aws:sourcearn", f.SourceARN)
		set("aws:sourceaccount", f.SourceAccount)
		return
	}
	set("aws:principalaccount", p.Account)
	set("aws:userid", f.UserID)
	if p.Role != "" {
		set("aws:principalarn", p.Role)
		set("aws:principaltype", "AssumedRole")
		return
	}
	set("aws:principalarn", p.ARN)
	set("aws:principaltype", "Account")
}
