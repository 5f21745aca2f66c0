package network

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Tag is the function tag that sets its network.
const Tag = "virga:network"

// Mode is what a function may reach.
type Mode int

const (
	// Default reaches any external address.
	Default Mode = iota
	// None has loopback only.
	None
	// Allow reaches only what its rules name (and the DNS resolvers).
	Allow
)

// Rule allows one IPv4 prefix on a range of ports, TCP and UDP.
type Rule struct {
	Prefix   netip.Prefix
	From, To uint16
}

// Policy is a function's network setting; the zero value is Default.
type Policy struct {
	Mode  Mode
	Rules []Rule
}

// FromTags returns the setting a function's tags give it. Tags are checked
// when they are written, so an unreadable value means a store written by
// another program: it fails closed, to None.
func FromTags(tags map[string]string) Policy {
	v, ok := tags[Tag]
	if !ok {
		return Policy{}
	}
	p, err := Parse(v)
	if err != nil {
		return Policy{Mode: None}
	}
	return p
}

// Outbound reports whether the function gets a network interface.
func (p Policy) Outbound() bool { return p.Mode != None }

// Allows reports whether the policy lets a connection to addr:port out.
// It does not know the addresses that are never reachable; package egress
// refuses those first.
func (p Policy) Allows(addr netip.Addr, port uint16) bool {
	switch p.Mode {
	case Default:
		return true
	case Allow:
		addr = addr.Unmap()
		for _, r := range p.Rules {
			if r.Prefix.Contains(addr) && r.From <= port && port <= r.To {
				return true
			}
		}
	}
	return false
}

// String is the canonical tag value.
func (p Policy) String() string {
	switch p.Mode {
	case Default:
		return "default"
	case None:
		return "none"
	}
	rules := make([]string, len(p.Rules))
	for i, r := range p.Rules {
		rules[i] = r.String()
	}
	return strings.Join(rules, " ")
}

func (r Rule) String() string {
	if r.From == r.To {
		return fmt.Sprintf("%s:%d", r.Prefix, r.From)
	}
	return fmt.Sprintf("%s:%d-%d", r.Prefix, r.From, r.To)
}

// portRange parses "443" or "8000-8999".
func portRange(s string) (from, to uint16, err error) {
	lo, hi, isRange := strings.Cut(s, "-")
	if from, err = port(lo); err != nil {
		return 0, 0, err
	}
	if !isRange {
		return from, from, nil
	}
	if to, err = port(hi); err != nil {
		return 0, 0, err
	}
	if to < from {
		return 0, 0, fmt.Errorf("port range %s is reversed", s)
	}
	return from, to, nil
}

func port(s string) (uint16, error) {
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil || n == 0 || s != strconv.FormatUint(n, 10) {
		return 0, fmt.Errorf("%q is not a port (1-65535)", s)
	}
	return uint16(n), nil
}
