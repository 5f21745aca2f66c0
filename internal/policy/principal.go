package policy

import "strings"

// Principal is who makes a request.
type Principal struct {
	// Account is the principal's account.
	Account string
	// ARN is the principal as it is named: arn:aws:iam::A:root for an
	// account's root user, arn:aws:sts::A:assumed-role/R/S for a role
	// session.
	ARN string
	// Role is a role session's role (arn:aws:iam::A:role/path/R).
	Role string
	// Service is the AWS service asking on its own behalf
	// ("lambda.amazonaws.com"), as when it assumes an execution role.
	Service string
}

// Root is the root user of account.
func Root(account string) Principal {
	return Principal{Account: account, ARN: "arn:aws:iam::" + account + ":root"}
}

// grant is how closely a resource-based policy names a principal.
type grant int

const (
	// unnamed: the statement is not about this principal.
	unnamed grant = iota
	// viaAccount: the statement names the principal's account, which then
	// delegates through its own identity-based policies.
	viaAccount
	// named: the statement names the principal itself (or everyone).
	named
)

// grantTo is how closely p names who.
func (p Principals) grantTo(who Principal) grant {
	best := unnamed
	for typ, values := range p {
		for _, v := range values {
			best = max(best, grantOne(typ, v, who))
		}
	}
	return best
}

func grantOne(typ, v string, who Principal) grant {
	switch {
	case typ == "*", typ == "AWS" && v == "*":
		return named // {"AWS": "*"} is everyone, services too, as "*" is
	case typ == "Service":
		if who.Service != "" && strings.EqualFold(v, who.Service) {
			return named
		}
	case typ == "AWS" && who.Service == "":
		return grantAWS(v, who)
	}
	return unnamed
}

func grantAWS(v string, who Principal) grant {
	root := "arn:aws:iam::" + who.Account + ":root"
	switch {
	case v == "*", v == who.ARN, who.Role != "" && v == who.Role:
		return named
	case v == who.Account || v == root:
		if who.ARN == root {
			return named
		}
		return viaAccount
	}
	return unnamed
}
