// Package egress carries sandboxes' outbound traffic without touching the
// host's network configuration. Each sandbox has a TUN device as its only
// route out (package sandbox makes it); the server holds the device's other
// end and feeds its packets to a TCP/IP stack in user space (gVisor's
// netstack), one network interface per sandbox. That stack terminates each
// TCP connection and UDP flow the function opens, and egress decides it:
// refused when the destination is never reachable (loopback, link-local,
// multicast, the host's own addresses as its kernel routes them) or when
// the function's network policy does not allow it; otherwise egress opens
// the same connection from the host, as an ordinary socket of the server,
// and relays bytes both ways. The kernel's routing and the host's own
// address translation take it from there.
//
// Nothing else is needed: no forwarding, no firewall rules, no extra
// process; the server makes every connection a function makes, and a
// sandbox's connections end with it.
package egress
