package policy

import "strings"

// glob reports whether s matches pattern, where * is any run of characters
// and ? any one. It backtracks only to the last *, so it runs in time
// proportional to len(pattern)·len(s) at worst.
func glob(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// actionMatches compares an action pattern ("lambda:Get*") with an action
// ("lambda:GetFunction") without regard to case, as IAM does.
func actionMatches(pattern, action string) bool {
	return pattern == "*" || glob(strings.ToLower(pattern), strings.ToLower(action))
}

// arnMatches compares a resource pattern with a resource. Two ARNs are
// compared segment by segment — partition, service, region and account
// each on its own, so a wildcard stays within its segment — and the
// resource part as a whole, where * crosses colons and slashes.
func arnMatches(pattern, resource string) bool {
	if pattern == "*" {
		return true
	}
	p, pok := splitARN(pattern)
	r, rok := splitARN(resource)
	switch {
	case !pok && strings.HasPrefix(pattern, "arn:"):
		return false // too few segments to name anything
	case !pok || !rok:
		return glob(pattern, resource)
	}
	for i := range p {
		if !glob(p[i], r[i]) {
			return false
		}
	}
	return true
}

// splitARN cuts arn:partition:service:region:account:resource into its six
// parts.
func splitARN(s string) ([6]string, bool) {
	var parts [6]string
	rest := s
	for i := 0; i < 5; i++ {
		var ok bool
		parts[i], rest, ok = strings.Cut(rest, ":")
		if !ok {
			return parts, false
		}
	}
	parts[5] = rest
	return parts, parts[0] == "arn"
}
