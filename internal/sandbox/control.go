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
//	                        init → server: ready, once it runs
//	server → init: base (a spare only: mount the base of the root)
//	                        init → server: ok, or error
//	server → init: config (with the program's stdout and stderr when the
//	               init was started as a spare)
//	                        init → server: ok, or error
//	server → init: listen   init → server: ok with the socket, or error (in a
//	               user namespace; a root server makes the socket itself)
//	server → init: go       init → server: nothing (the socket closes on exec), or error
//
// A pre-started spare gets one prestart (its whole root and the program,
// which waits for its function; see prestart.go) instead of base and config.
const (
	msgPrestart = "prestart"
	msgReady    = "ready"
	msgBase     = "base"
	msgConfig   = "config"
	msgListen   = "listen"
	msgGo       = "go"
	msgOK       = "ok"
	msgError    = "error"
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

// call sends m, with files, and waits for the reply; the reply may carry
// a file.
func (c *control) call(ctx context.Context, m message, files ...*os.File) (*os.File, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	fds, err := dupAll(files)
	if err != nil {
		return nil, err
	}
	defer closeAll(fds)
	var oob []byte
	if len(fds) > 0 {
		oob = unix.UnixRights(fds...)
	}
	stop := context.AfterFunc(ctx, func() { _ = c.conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, _, err := c.conn.WriteMsgUnix(data, oob, nil); err != nil {
		return nil, c.failure(ctx, err)
	}
	return c.reply(ctx)
}

// dupAll duplicates the descriptors of files, leaving the files as they are
// (File.Fd would make them blocking).
func dupAll(files []*os.File) ([]int, error) {
	var fds []int
	for _, f := range files {
		sc, err := f.SyscallConn()
		if err != nil {
			closeAll(fds)
			return nil, err
		}
		var fd int
		var dupErr error
		if err := sc.Control(func(u uintptr) { fd, dupErr = unix.FcntlInt(u, unix.F_DUPFD_CLOEXEC, 0) }); err != nil || dupErr != nil {
			closeAll(fds)
			return nil, errors.Join(err, dupErr)
		}
		fds = append(fds, fd)
	}
	return fds, nil
}

func closeAll(fds []int) {
	for _, fd := range fds {
		unix.Close(fd)
	}
}

// await waits for the init's next message.
func (c *control) await(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() { _ = c.conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	f, err := c.reply(ctx)
	if f != nil {
		f.Close()
	}
	return err
}

// reply reads the init's answer; io.EOF means the init closed its end.
func (c *control) reply(ctx context.Context) (*os.File, error) {
	buf, oob := make([]byte, 64<<10), make([]byte, unix.CmsgSpace(4))
	n, oobn, _, _, err := c.conn.ReadMsgUnix(buf, oob)
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
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
	fds := receivedFDs(oob)
	if len(fds) == 0 {
		return nil
	}
	closeAll(fds[1:])
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

// initReceive reads one message on the init's side, and the descriptors
// it carries; io.EOF when the server is gone.
func initReceive(buf []byte) (message, []int, error) {
	oob := make([]byte, unix.CmsgSpace(2*4))
	n, oobn, flags, _, err := unix.Recvmsg(controlFD, buf, oob, unix.MSG_CMSG_CLOEXEC)
	for errors.Is(err, unix.EINTR) {
		n, oobn, flags, _, err = unix.Recvmsg(controlFD, buf, oob, unix.MSG_CMSG_CLOEXEC)
	}
	var m message
	switch {
	case err != nil:
		return m, nil, err
	case n == 0:
		return m, nil, io.EOF
	case flags&(unix.MSG_TRUNC|unix.MSG_CTRUNC) != 0:
		return m, nil, errors.New("message too long")
	}
	return m, receivedFDs(oob[:oobn]), json.Unmarshal(buf[:n], &m)
}

func receivedFDs(oob []byte) []int {
	msgs, _ := unix.ParseSocketControlMessage(oob)
	var fds []int
	for i := range msgs {
		got, _ := unix.ParseUnixRights(&msgs[i])
		fds = append(fds, got...)
	}
	return fds
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
