//go:build linux

package sandbox

import (
	"context"
	"errors"
	"io"
	"net"
	"time"
)

// requestTimeout bounds one request to the init.
const requestTimeout = 10 * time.Second

// Listen returns a TCP listener at addr ("127.0.0.1:9001") inside the
// sandbox's network namespace, which the host's loopback never reaches. The
// init makes the socket and passes it over its control socket, so this
// works in a user namespace too and never moves a server thread between
// namespaces. Call it before Start.
func (s *Sandbox) Listen(addr string) (net.Listener, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requestable(); err != nil {
		return nil, err
	}
	if s.pre != nil {
		return s.listenOutside(addr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	f, err := s.ctl.call(ctx, message{Kind: msgListen, Addr: addr})
	if err != nil {
		return nil, s.initFailed(err)
	}
	if f == nil {
		return nil, errors.New("sandbox init sent no socket")
	}
	defer f.Close()
	return net.FileListener(f)
}

// Start execs the program. It returns once the program runs, or with the
// reason it could not (a missing or non-executable file).
func (s *Sandbox) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requestable(); err != nil {
		return err
	}
	if s.pre != nil {
		return s.startPrestarted()
	}
	s.started = true
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	_, err := s.ctl.call(ctx, message{Kind: msgGo})
	s.ctl.close()
	if errors.Is(err, io.EOF) {
		return nil // the socket closed on exec
	}
	return err
}

func (s *Sandbox) requestable() error {
	switch {
	case s.destroyed:
		return ErrDestroyed
	case s.started:
		return ErrStarted
	}
	return nil
}
