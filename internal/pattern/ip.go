package pattern

import (
	"bytes"
	"net/netip"
	"strconv"
	"strings"
)

// An ipAddr is an IPv4 (n 4) or IPv6 (n 16) address.
type ipAddr struct {
	n int
	b [16]byte
}

func (a *ipAddr) bytes() []byte { return a.b[:a.n] }

// cidr matches IP addresses from lo to hi, both included and both of one
// family: the cidr match expression, and a literal that is an address.
type cidr struct {
	lo, hi ipAddr
}

func (m cidr) match(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	ip, ok := parseIP(s)
	return ok && ip.n == m.lo.n && bytes.Compare(ip.bytes(), m.lo.bytes()) >= 0 && bytes.Compare(ip.bytes(), m.hi.bytes()) <= 0
}

// looksLikeIP reports whether s has the shape of an address literal: four
// dotted groups of one to three decimal digits, or hex digits and colons.
func looksLikeIP(s string) bool {
	if strings.IndexByte(s, ':') >= 0 {
		return strings.Trim(s, "0123456789abcdefABCDEF:") == ""
	}
	groups, digits := 1, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && digits > 0:
			groups, digits = groups+1, 0
		case c >= '0' && c <= '9' && digits < 3:
			digits++
		default:
			return false
		}
	}
	return groups == 4 && digits > 0
}

// parseIP reads an IPv4 or IPv6 literal. Octets are decimal even with
// leading zeros, and an IPv4 address written in IPv6 form is IPv4, as Java
// reads them.
func parseIP(s string) (ipAddr, bool) {
	var ip ipAddr
	if !looksLikeIP(s) {
		return ip, false
	}
	if strings.IndexByte(s, ':') < 0 {
		ip.n = 4
		octet, k := 0, 0
		for i := 0; i <= len(s); i++ {
			if i == len(s) || s[i] == '.' {
				if octet > 255 {
					return ipAddr{}, false
				}
				ip.b[k], octet, k = byte(octet), 0, k+1
				continue
			}
			octet = octet*10 + int(s[i]-'0')
		}
		return ip, true
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return ipAddr{}, false
	}
	addr = addr.Unmap()
	ip.n = addr.BitLen() / 8
	if ip.n == 4 {
		b := addr.As4()
		copy(ip.b[:], b[:])
	} else {
		ip.b = addr.As16()
	}
	return ip, true
}

// parseCIDR reads a cidr operand as Event Ruler does: the range runs from the
// address as written (host bits are not cleared) to that address with every
// host bit set. On failure it returns AWS's reason.
func parseCIDR(s string) (cidr, string) {
	parts := strings.Split(strings.TrimRight(s, "/"), "/")
	if len(parts) != 2 {
		return cidr{}, "Malformed CIDR, one '/' required"
	}
	bits, err := strconv.ParseInt(parts[1], 10, 32)
	if err != nil {
		return cidr{}, "Malformed CIDR, mask bits must be an integer"
	}
	if bits < 0 {
		return cidr{}, "Malformed CIDR, mask bits must not be negative"
	}
	if !looksLikeIP(parts[0]) {
		return cidr{}, "Nonstandard IP address: " + parts[0]
	}
	ip, ok := parseIP(parts[0])
	if !ok {
		return cidr{}, "Invalid IP address: " + parts[0]
	}
	if ip.n == 4 && bits > 31 {
		return cidr{}, "IPv4 mask bits must be < 32"
	}
	if ip.n == 16 && bits > 127 {
		return cidr{}, "IPv6 mask bits must be < 128"
	}
	hi := ip
	for i := range hi.n {
		if host := hi.n*8 - int(bits) - (hi.n-1-i)*8; host >= 8 {
			hi.b[i] = 0xff
		} else if host > 0 {
			hi.b[i] |= byte(1)<<host - 1
		}
	}
	return cidr{lo: ip, hi: hi}, ""
}
