package egress

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"slices"
	"sync"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/tcpip/transport/udp"

	"github.com/virga-dev/virga/internal/network"
)

// Defaults for Config.
const (
	DefaultDialTimeout = 20 * time.Second
	DefaultUDPIdle     = time.Minute
	// maxPending bounds the TCP connections being dialled at once, over
	// every sandbox.
	maxPending = 1024
)

// Config configures a Stack.
type Config struct {
	// Resolvers are the DNS servers sandboxes are told to use (their
	// resolv.conf): a function with an allow-list reaches them on port 53
	// too.
	Resolvers []netip.Addr
	// DialTimeout bounds opening a connection on a function's behalf;
	// UDPIdle ends a UDP flow with no traffic for that long.
	DialTimeout, UDPIdle time.Duration
	Logger               *slog.Logger
}

// Sandbox is a sandbox's outbound interface and what it may reach.
type Sandbox struct {
	Link     *os.File   // the server's end of its TUN device
	Addr     netip.Addr // its address there
	Policy   network.Policy
	Function string // for logs
}

// Stack is the user-space TCP/IP stack every sandbox's traffic goes through.
type Stack struct {
	cfg Config
	log *slog.Logger
	ns  *stack.Stack // gVisor's netstack

	mu     sync.Mutex
	byAddr map[netip.Addr]*attachment
	nextID tcpip.NICID
	closed bool
}

// New makes a Stack; Start builds it.
func New(cfg Config) *Stack {
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = DefaultDialTimeout
	}
	if cfg.UDPIdle <= 0 {
		cfg.UDPIdle = DefaultUDPIdle
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Stack{cfg: cfg, log: cfg.Logger.With("component", "egress"), byAddr: map[netip.Addr]*attachment{}}
}

// Start builds the stack: IPv4, TCP and UDP, every connection request
// handed to egress.
func (e *Stack) Start() error {
	s := stack.New(stack.Options{
		NetworkProtocols:   []stack.NetworkProtocolFactory{ipv4.NewProtocol},
		TransportProtocols: []stack.TransportProtocolFactory{tcp.NewProtocol, udp.NewProtocol},
	})
	sack := tcpip.TCPSACKEnabled(true)
	if err := s.SetTransportProtocolOption(tcp.ProtocolNumber, &sack); err != nil {
		s.Destroy()
		return fmt.Errorf("egress stack: %s", err)
	}
	s.SetTransportProtocolHandler(tcp.ProtocolNumber, tcp.NewForwarder(s, 0, maxPending, e.forwardTCP).HandlePacket)
	s.SetTransportProtocolHandler(udp.ProtocolNumber, udp.NewForwarder(s, e.forwardUDP).HandlePacket)
	e.ns = s
	return nil
}

// Attach connects a sandbox's link to the stack. Closing what it returns
// ends the sandbox's connections and closes the link, which removes the
// device; do it before the sandbox is destroyed.
func (e *Stack) Attach(sb Sandbox) (io.Closer, error) {
	if !sb.Addr.Is4() || sb.Link == nil {
		return nil, errors.New("egress: a sandbox needs a link and an IPv4 address")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed || e.ns == nil {
		return nil, errors.New("egress: not running")
	}
	if _, ok := e.byAddr[sb.Addr]; ok {
		return nil, fmt.Errorf("egress: address %s already attached", sb.Addr)
	}
	e.nextID++
	a := &attachment{e: e, sb: sb, nic: e.nextID, conns: map[io.Closer]struct{}{}}
	if err := a.open(); err != nil {
		return nil, err
	}
	e.byAddr[sb.Addr] = a
	return a, nil
}

// lookup finds the sandbox a packet came from by its source address.
func (e *Stack) lookup(addr netip.Addr) *attachment {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.byAddr[addr]
}

// Close detaches every sandbox and stops the stack.
func (e *Stack) Close() error {
	e.mu.Lock()
	e.closed = true
	var all []*attachment
	for _, a := range e.byAddr {
		all = append(all, a)
	}
	e.mu.Unlock()
	for _, a := range all {
		a.Close()
	}
	if e.ns != nil {
		e.ns.Close()
		e.ns.Wait()
	}
	return nil
}

// resolver reports whether addr is one of the sandboxes' DNS servers.
func (e *Stack) resolver(addr netip.Addr) bool {
	return slices.Contains(e.cfg.Resolvers, addr)
}
