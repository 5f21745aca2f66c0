//go:build linux

package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The server and a sandbox's init talk over a SOCK_SEQPACKET socket pair,
// one JSON message per packet:
//
//	server → init: config   init → server: ok, or error
//	server → init: listen   init → server: ok with the socket, or error
//	server → init: go       init → server: nothing (the socket closes on exec), or error
const (
	msgConfig = "config"
	msgListen = "listen"
	msgGo     = "go"
	msgOK     = "ok"
	msgError  = "error"
)

// controlFD is the init's end of the socket pair.
const controlFD = 3

// maxMessage bounds one message (a config with a 4 KB environment is far
// smaller).
const maxMessage = 1 << 20

type message struct {
	Kind   string      `json:"kind"`
	Config *initConfig `json:"config,omitempty"`
	Addr   string      `json:"addr,omitempty"`
	Err    string      `json:"err,omitempty"`
	Errno  int         `json:"errno,omitempty"`
}

// initError is a failure reported by the init; it unwraps to its errno so
// that errors.Is(err, fs.ErrNotExist) works.
type initError struct {
	msg   string
	errno syscall.Errno
}

func (e *initError) Error() string { return e.msg }

func (e *initError) Unwrap() error {
	if e.errno == 0 {
		return nil
	}
	return e.errno
}

func errorMessage(err error) message {
	m := message{Kind: msgError, Err: err.Error()}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		m.Errno = int(errno)
	}
	return m
}

// control is the server's end of the socket pair.
type control struct{ conn *net.UnixConn }

func newControl(f *os.File) (*control, error) {
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		return nil, err
	}
	return &control{conn: c.(*net.UnixConn)}, nil
}

// call sends m and waits for the reply; the reply may carry a file.
func (c *control) call(ctx context.Context, m message) (*os.File, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { _ = c.conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := c.conn.Write(data); err != nil {
		return nil, c.failure(ctx, err)
	}
	return c.reply(ctx)
}

// reply reads the init's answer; io.EOF means the init closed its end.
func (c *control) reply(ctx context.Context) (*os.File, error) {
	buf, oob := make([]byte, 64<<10), make([]byte, unix.CmsgSpace(4))
	n, oobn, _, _, err := c.conn.ReadMsgUnix(buf, oob)
	if err != nil {
		return nil, c.failure(ctx, err)
	}
	f := receivedFile(oob[:oobn])
	if n == 0 {
		return f, io.EOF
	}
	var m message
	if err := json.Unmarshal(buf[:n], &m); err != nil {
		return f, fmt.Errorf("sandbox init reply: %w", err)
	}
	if m.Kind == msgError {
		if f != nil {
			f.Close()
		}
		return nil, &initError{msg: m.Err, errno: syscall.Errno(m.Errno)}
	}
	return f, nil
}

func (c *control) failure(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("sandbox init: %w", err)
}

func receivedFile(oob []byte) *os.File {
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil || len(msgs) == 0 {
		return nil
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) == 0 {
		return nil
	}
	for _, fd := range fds[1:] {
		unix.Close(fd)
	}
	return os.NewFile(uintptr(fds[0]), "sandbox-socket")
}

func (c *control) close() { c.conn.Close() }

// socketPair makes the server's and the init's ends.
func socketPair() (server, init *os.File, err error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("socketpair: %w", err)
	}
	return os.NewFile(uintptr(fds[0]), "sandbox-control"), os.NewFile(uintptr(fds[1]), "sandbox-control-init"), nil
}

// initReceive reads one message on the init's side; io.EOF when the server
// is gone.
func initReceive(buf []byte) (message, error) {
	n, _, flags, _, err := unix.Recvmsg(controlFD, buf, nil, 0)
	for errors.Is(err, unix.EINTR) {
		n, _, flags, _, err = unix.Recvmsg(controlFD, buf, nil, 0)
	}
	var m message
	switch {
	case err != nil:
		return m, err
	case n == 0:
		return m, io.EOF
	case flags&unix.MSG_TRUNC != 0:
		return m, errors.New("message too long")
	}
	return m, json.Unmarshal(buf[:n], &m)
}

// initSend writes one message from the init, passing fd when it is >= 0.
func initSend(m message, fd int) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	var oob []byte
	if fd >= 0 {
		oob = unix.UnixRights(fd)
	}
	return unix.Sendmsg(controlFD, data, oob, nil, 0)
}
