// Package network is a function's outbound network setting, the value of
// its virga:network tag: "default" (any external address over TCP and UDP,
// as on AWS outside a VPC), "none" (loopback only), or an allow-list of
// IPv4 CIDR:port rules. Whatever the setting, a function never reaches the
// host's own addresses, loopback, link-local (metadata) or multicast
// ranges, nor another sandbox: package egress enforces both.
package network
