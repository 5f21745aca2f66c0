//go:build linux

package sandbox

import (
	"encoding/binary"
	"fmt"
	"syscall"

	"golang.org/x/sys/unix"
)

// defaultRoute adds (RTM_NEWROUTE) or removes (RTM_DELROUTE) the IPv4
// default route through interface index, with one rtnetlink request.
func defaultRoute(op uint16, index uint32) error {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return fmt.Errorf("default route: %w", err)
	}
	defer unix.Close(fd)
	if err := unix.Sendto(fd, routeRequest(op, index), 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return fmt.Errorf("default route: %w", err)
	}
	buf := make([]byte, 4096)
	n, _, err := unix.Recvfrom(fd, buf, 0)
	if err != nil {
		return fmt.Errorf("default route: %w", err)
	}
	return netlinkAck(buf[:n])
}

// routeRequest encodes the request: a header, an rtmsg for the main table's
// 0.0.0.0/0 on link scope, and the output interface.
func routeRequest(op uint16, index uint32) []byte {
	const size = unix.SizeofNlMsghdr + unix.SizeofRtMsg + unix.SizeofRtAttr + 4
	b := make([]byte, size)
	ne := binary.NativeEndian
	flags := uint16(unix.NLM_F_REQUEST | unix.NLM_F_ACK)
	if op == unix.RTM_NEWROUTE {
		flags |= unix.NLM_F_CREATE | unix.NLM_F_EXCL
	}
	ne.PutUint32(b[0:], size)
	ne.PutUint16(b[4:], op)
	ne.PutUint16(b[6:], flags)
	ne.PutUint32(b[8:], 1) // sequence
	rt := b[unix.SizeofNlMsghdr:]
	rt[0] = unix.AF_INET
	rt[4] = unix.RT_TABLE_MAIN
	rt[5] = unix.RTPROT_BOOT
	rt[6] = unix.RT_SCOPE_LINK
	rt[7] = unix.RTN_UNICAST
	attr := rt[unix.SizeofRtMsg:]
	ne.PutUint16(attr[0:], unix.SizeofRtAttr+4)
	ne.PutUint16(attr[2:], unix.RTA_OIF)
	ne.PutUint32(attr[4:], index)
	return b
}

// netlinkAck reads the kernel's answer to a request with NLM_F_ACK.
func netlinkAck(b []byte) error {
	msgs, err := syscall.ParseNetlinkMessage(b)
	if err != nil {
		return fmt.Errorf("default route: %w", err)
	}
	for _, m := range msgs {
		if m.Header.Type == unix.NLMSG_ERROR && len(m.Data) >= 4 {
			if errno := int32(binary.NativeEndian.Uint32(m.Data)); errno != 0 {
				return fmt.Errorf("default route: %w", unix.Errno(-errno))
			}
			return nil
		}
	}
	return fmt.Errorf("default route: no acknowledgement")
}
