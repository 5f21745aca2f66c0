//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"time"
)

// exitTimeout bounds the wait for a killed sandbox to be gone.
const exitTimeout = 10 * time.Second

// Destroy kills every process of the sandbox, waits for them, and removes
// its cgroup. Its mounts lived only in its mount namespace, which dies with
// the last process. Destroy is idempotent and safe to call concurrently
// with Listen and Start.
func (s *Sandbox) Destroy() error {
	s.destroyOnce.Do(func() { s.destroyErr = s.destroy() })
	return s.destroyErr
}

func (s *Sandbox) destroy() error {
	var errs []error
	if s.cmd != nil {
		s.kill()
		select {
		case <-s.done:
		case <-time.After(exitTimeout):
			errs = append(errs, fmt.Errorf("sandbox %s: processes still running after %v", s.id, exitTimeout))
		}
	}
	s.mu.Lock()
	s.destroyed = true
	if s.ctl != nil {
		s.ctl.close()
	}
	s.releasePrestarted()
	s.mu.Unlock()
	s.dropLink()
	s.m.releaseAddr(s.addr)
	if s.cg != nil {
		errs = append(errs, s.cg.remove())
	}
	s.m.release(s.id)
	return errors.Join(errs...)
}

// kill ends the sandbox: the whole cgroup at once on cgroup v2, else its
// PID 1, whose death makes the kernel kill every other process of its PID
// namespace.
func (s *Sandbox) kill() {
	if s.cg != nil && s.cg.v2 && s.cg.kill() == nil {
		return
	}
	_ = s.cmd.Process.Kill()
}
