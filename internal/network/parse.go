package network

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// maxRules bounds an allow-list (a tag value holds 256 characters anyway).
const maxRules = 32

// Parse reads a tag value: "default", "none", or rules separated by spaces
// or commas, each an IPv4 address or CIDR block, a colon and a port or a
// range of ports ("10.0.0.0/8:5432", "192.0.2.7:8000-8999"). A rule whose
// block lies inside a range that is never reachable is refused, since it
// could never match.
func Parse(value string) (Policy, error) {
	v := strings.TrimSpace(value)
	switch v {
	case "default":
		return Policy{}, nil
	case "none":
		return Policy{Mode: None}, nil
	}
	fields := strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	if len(fields) == 0 {
		return Policy{}, errors.New(`the value is empty; use "default", "none" or CIDR:port rules`)
	}
	if len(fields) > maxRules {
		return Policy{}, fmt.Errorf("%d rules is more than the %d allowed", len(fields), maxRules)
	}
	p := Policy{Mode: Allow}
	for _, f := range fields {
		r, err := parseRule(f)
		if err != nil {
			return Policy{}, err
		}
		p.Rules = append(p.Rules, r)
	}
	return p, nil
}

func parseRule(s string) (Rule, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return Rule{}, fmt.Errorf("rule %q has no port: write CIDR:port, such as 10.0.0.0/8:5432", s)
	}
	prefix, err := parsePrefix(s[:i])
	if err != nil {
		return Rule{}, fmt.Errorf("rule %q: %w", s, err)
	}
	from, to, err := portRange(s[i+1:])
	if err != nil {
		return Rule{}, fmt.Errorf("rule %q: %w", s, err)
	}
	if reason, ok := Unreachable(prefix); ok {
		return Rule{}, fmt.Errorf("rule %q: %s addresses are never reachable from a function", s, reason)
	}
	return Rule{Prefix: prefix, From: from, To: to}, nil
}

// parsePrefix reads an IPv4 CIDR block, or an address as a /32; the block
// must be written with its host bits zero.
func parsePrefix(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is4() {
			return netip.Prefix{}, fmt.Errorf("%q is not an IPv4 address or CIDR block", s)
		}
		return netip.PrefixFrom(a, 32), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, fmt.Errorf("%q is not an IPv4 CIDR block", s)
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("%q has host bits set; the block is %s", s, p.Masked())
	}
	return p, nil
}
