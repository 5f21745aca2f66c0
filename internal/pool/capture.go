package pool

import (
	"errors"
	"io"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// capture carries an environment's stdout and stderr into its log stream. The
// pipe is read without blocking a thread, and sync drains it so that what the
// function printed before answering is logged before END and REPORT.
type capture struct {
	w    *os.File // the write end, handed to the sandbox
	r    *os.File
	raw  syscall.RawConn
	dst  io.Writer
	mu   sync.Mutex
	buf  []byte
	done chan struct{}
}

func newCapture(dst io.Writer) (*capture, error) {
	var fds [2]int
	if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
		return nil, err
	}
	if err := unix.SetNonblock(fds[0], true); err != nil {
		unix.Close(fds[0])
		unix.Close(fds[1])
		return nil, err
	}
	c := &capture{
		w:    os.NewFile(uintptr(fds[1]), "function-output"),
		r:    os.NewFile(uintptr(fds[0]), "function-output-reader"),
		dst:  dst,
		buf:  make([]byte, 16<<10),
		done: make(chan struct{}),
	}
	raw, err := c.r.SyscallConn()
	if err != nil {
		c.w.Close()
		c.r.Close()
		return nil, err
	}
	c.raw = raw
	return c, nil
}

// adopt reads r instead of the pool's pipe: the output of a pre-started
// sandbox, which made its own (nil: keep the pool's).
func (c *capture) adopt(r *os.File) error {
	if r == nil {
		return nil
	}
	raw, err := r.SyscallConn()
	if err != nil {
		r.Close()
		return err
	}
	c.w.Close()
	c.r.Close()
	c.r, c.raw = r, raw
	return nil
}

// run copies until every writer has closed the pipe.
func (c *capture) run() {
	defer close(c.done)
	_ = c.raw.Read(func(fd uintptr) bool { return c.drain(int(fd)) })
}

// sync copies whatever the pipe holds now.
func (c *capture) sync() {
	_ = c.raw.Control(func(fd uintptr) { c.drain(int(fd)) })
}

// drain reads until the pipe is empty; it reports true at end of file.
func (c *capture) drain(fd int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		n, err := unix.Read(fd, c.buf)
		if n > 0 {
			_, _ = c.dst.Write(c.buf[:n])
			continue
		}
		if errors.Is(err, unix.EINTR) {
			continue
		}
		return !errors.Is(err, unix.EAGAIN)
	}
}

// closeWriter drops the pool's copy of the write end once the sandbox has it.
func (c *capture) closeWriter() { c.w.Close() }

// close waits for the reader after the sandbox is gone.
func (c *capture) close() {
	c.w.Close()
	select {
	case <-c.done:
	case <-time.After(2 * time.Second): // a writer outlived its sandbox
	}
	c.r.Close()
}
