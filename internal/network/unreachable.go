package network

import "net/netip"

// never are the IPv4 ranges a function never reaches, whatever its
// setting, with the word for each.
var never = []struct {
	prefix netip.Prefix
	name   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
}

// Forbidden reports whether addr lies in a range a function never reaches,
// and which. The host's own addresses are also never reachable; only the
// host can tell those (package egress asks its kernel).
func Forbidden(addr netip.Addr) (string, bool) {
	addr = addr.Unmap()
	if !addr.Is4() {
		return "IPv6", true
	}
	for _, n := range never {
		if n.prefix.Contains(addr) {
			return n.name, true
		}
	}
	return "", false
}

// Unreachable reports whether every address of p is forbidden.
func Unreachable(p netip.Prefix) (string, bool) {
	for _, n := range never {
		if n.prefix.Bits() <= p.Bits() && n.prefix.Contains(p.Addr()) {
			return n.name, true
		}
	}
	return "", false
}
