//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Sandbox is one execution environment. Create it with Manager.Create,
// then Listen, Start, and finally Destroy. Each sandbox has one goroutine
// that reaps its PID 1; it ends when the sandbox does.
type Sandbox struct {
	id   string
	m    *Manager
	cmd  *exec.Cmd // the init, then the program
	cg   *cgroup   // nil without cgroups
	ctl  *control  // closed once the program runs
	done chan struct{}
	addr netip.Addr  // of the outbound interface; invalid without one
	pre  *prestarted // a pre-started sandbox's; nil for others

	// Written before done is closed.
	status ExitStatus
	peak   uint64

	mu        sync.Mutex // serializes requests to the init
	link      *os.File   // the outbound interface, until taken
	started   bool
	destroyed bool

	destroyOnce sync.Once
	destroyErr  error
}

// Done is closed when the sandbox's PID 1 (the program, or the init
// before Start) has exited.
func (s *Sandbox) Done() <-chan struct{} { return s.done }

// ExitStatus says how the program ended; valid once Done is closed.
func (s *Sandbox) ExitStatus() ExitStatus {
	select {
	case <-s.done:
		return s.status
	default:
		return ExitStatus{}
	}
}

// MaxMemoryBytes is the most memory the sandbox has used so far.
func (s *Sandbox) MaxMemoryBytes() uint64 {
	select {
	case <-s.done:
		return s.peak
	default:
	}
	if s.cg == nil {
		return 0
	}
	return s.cg.peak()
}

// wait reaps PID 1 and records how it ended. When PID 1 of a namespace
// exits the kernel kills the rest, so the sandbox is empty afterwards.
func (s *Sandbox) wait() {
	_ = s.cmd.Wait()
	if ps := s.cmd.ProcessState; ps != nil {
		s.status = exitStatusOf(ps.Sys().(syscall.WaitStatus))
	}
	s.mu.Lock() // a spare gets its cgroup while running
	cg := s.cg
	s.mu.Unlock()
	if cg != nil {
		s.status.OOMKilled = cg.oomKills() > 0
		s.peak = cg.peak()
	}
	close(s.done)
}

// initFailed explains a failed request to the init.
func (s *Sandbox) initFailed(err error) error {
	if !errors.Is(err, io.EOF) {
		return err
	}
	select {
	case <-s.done:
		return fmt.Errorf("sandbox init ended: %s", s.status)
	case <-time.After(time.Second):
		return errors.New("sandbox init closed its control socket")
	}
}
