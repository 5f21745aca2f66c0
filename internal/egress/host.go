package egress

import (
	"encoding/binary"
	"net/netip"
	"syscall"

	"golang.org/x/sys/unix"
)

// hostRefuses asks the host's kernel how it would route dst, and reports
// whether dst is the host itself (any of its addresses, including those
// only routed as local), a broadcast, or has no route. The kernel answers
// from its current tables, so addresses added after the server started
// count too.
func hostRefuses(dst netip.Addr) (string, bool) {
	kind, err := routeType(dst)
	if err != nil {
		return "no route: " + err.Error(), true
	}
	switch kind {
	case unix.RTN_UNICAST:
		return "", false
	case unix.RTN_LOCAL:
		return "an address of the host", true
	case unix.RTN_BROADCAST, unix.RTN_MULTICAST, unix.RTN_ANYCAST:
		return "broadcast", true
	}
	return "not routed", true
}

// routeType sends one RTM_GETROUTE request for dst and returns the route
// type of the answer.
func routeType(dst netip.Addr) (uint8, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return 0, err
	}
	defer unix.Close(fd)
	if err := unix.Sendto(fd, getRoute(dst), 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return 0, err
	}
	buf := make([]byte, 4096)
	n, _, err := unix.Recvfrom(fd, buf, 0)
	if err != nil {
		return 0, err
	}
	msgs, err := syscall.ParseNetlinkMessage(buf[:n])
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		switch {
		case m.Header.Type == unix.NLMSG_ERROR && len(m.Data) >= 4:
			return 0, unix.Errno(-int32(binary.NativeEndian.Uint32(m.Data)))
		case m.Header.Type == unix.RTM_NEWROUTE && len(m.Data) >= unix.SizeofRtMsg:
			return m.Data[7], nil // rtmsg.rtm_type
		}
	}
	return 0, unix.ENOENT
}

// getRoute encodes RTM_GETROUTE for the /32 of dst.
func getRoute(dst netip.Addr) []byte {
	const size = unix.SizeofNlMsghdr + unix.SizeofRtMsg + unix.SizeofRtAttr + 4
	b := make([]byte, size)
	ne := binary.NativeEndian
	ne.PutUint32(b[0:], size)
	ne.PutUint16(b[4:], unix.RTM_GETROUTE)
	ne.PutUint16(b[6:], unix.NLM_F_REQUEST)
	ne.PutUint32(b[8:], 1)
	rt := b[unix.SizeofNlMsghdr:]
	rt[0] = unix.AF_INET
	rt[1] = 32 // rtm_dst_len
	attr := rt[unix.SizeofRtMsg:]
	ne.PutUint16(attr[0:], unix.SizeofRtAttr+4)
	ne.PutUint16(attr[2:], unix.RTA_DST)
	a := dst.As4()
	copy(attr[4:], a[:])
	return b
}
