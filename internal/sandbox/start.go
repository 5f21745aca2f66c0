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
// sandbox's network namespace, which the host's loopback never reaches.
// A server that is root makes the socket itself, on a thread that joins the
// namespace for that one system call: the init, a process of the least CPU
// weight until claimed and of the function's after, is not woken for it,
// which on a busy machine cost a cold start a millisecond per listener. In
// a user namespace the server may not join, so the init makes the socket
// and passes it over its control socket. Call it before Start.
func (s *Sandbox) Listen(addr string) (net.Listener, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requestable(); err != nil {
		return nil, err
	}
	if s.pre != nil || !s.m.userns {
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
