package egress

import (
	"net/netip"

	"github.com/virga-dev/virga/internal/network"
)

// dnsPort is where a function with an allow-list reaches its resolvers.
const dnsPort = 53

// decide says whether a sandbox may reach dst:port, and if not why.
func (e *Stack) decide(a *attachment, dst netip.Addr, port uint16) (string, bool) {
	if reason, ok := network.Forbidden(dst); ok {
		return reason, false
	}
	if reason, ok := hostRefuses(dst); ok {
		return reason, false
	}
	if a.sb.Policy.Allows(dst, port) {
		return "", true
	}
	if a.sb.Policy.Mode == network.Allow && port == dnsPort && e.resolver(dst) {
		return "", true
	}
	return "not in the function's virga:network allow-list", false
}

// refused logs a connection egress did not make.
func (e *Stack) refused(a *attachment, proto string, dst netip.AddrPort, reason string) {
	e.log.Debug("outbound connection refused", "function", a.sb.Function, "proto", proto, "dst", dst.String(), "reason", reason)
}
