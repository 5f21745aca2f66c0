//go:build linux

package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"time"
)

// Most of Create's cost is starting the init: forking in new namespaces,
// exec'ing the server binary, the Go runtime's and packages' start-up; then
// making its cgroup and mounting the base of its root. None of it depends
// on the Spec, so a Manager with Config.Spares keeps that many inits
// started and prepared ahead, each waiting for its config; Create sets the
// cgroup's limits and hands one its config and output descriptors. The
// first Create, and any that finds none left, starts its own init and asks
// for a replacement. A spare's cgroup has the least CPU weight until it is
// claimed, so that preparing spares never slows a running sandbox.

// takeSpare returns a started init for spec, if one is ready. Only outputs
// that are files (or nil) can be handed over.
func (m *Manager) takeSpare(spec Spec) *Sandbox {
	if m.cfg.Spares == 0 || !isFileOrNil(spec.Stdout) || !isFileOrNil(spec.Stderr) {
		return nil
	}
	return m.popSpare()
}

func (m *Manager) popSpare() *Sandbox { return m.plain.pop() }

// refill starts as many spares as are missing, counting those starting.
// Create calls it once done, leaving the CPU to the request meanwhile.
func (m *Manager) refill() { m.refillQueue(m.plain) }

// spareQueue holds the spares of one kind: those ready, and the count of
// those starting.
type spareQueue struct {
	ready    chan *Sandbox
	starting int // under Manager.mu
	// delay holds back each start, prepare readies a new spare.
	delay   time.Duration
	prepare func(s *Sandbox) error
	kind    string // for the log
}

func newSpareQueue(n int, kind string, delay time.Duration, prepare func(*Sandbox) error) *spareQueue {
	return &spareQueue{ready: make(chan *Sandbox, n), kind: kind, delay: delay, prepare: prepare}
}

// pop returns a ready spare, if one is, destroying any that died waiting.
func (q *spareQueue) pop() *Sandbox {
	for {
		select {
		case s := <-q.ready:
			if !isDone(s) {
				return s
			}
			_ = s.Destroy()
		default:
			return nil
		}
	}
}

func (m *Manager) refillQueue(q *spareQueue) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for ; !m.closed && len(q.ready)+q.starting < cap(q.ready); q.starting++ {
		m.refills.Add(1)
		go func() {
			defer m.refills.Done()
			time.Sleep(q.delay)
			m.startSpare(q)
		}()
	}
}

func (m *Manager) startSpare(q *spareQueue) {
	s := &Sandbox{m: m, done: make(chan struct{})}
	err := ErrClosed
	if !m.isClosed() {
		err = q.prepare(s)
	}
	if err == nil {
		q.ready <- s // never blocks: starting counted its place
	}
	m.mu.Lock()
	q.starting--
	m.mu.Unlock()
	if err != nil && err != ErrClosed {
		m.log.Warn("start a spare sandbox", "kind", q.kind, "err", err)
	}
	if err != nil {
		_ = s.Destroy()
	}
}

func (m *Manager) isClosed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed
}

// prepareSpare starts an init in a cgroup of its own and has it mount the
// base of every root.
func (s *Sandbox) prepareSpare() error {
	if err := s.prepareIdle(); err != nil {
		return err
	}
	if err := s.spawn(Spec{ID: "spare"}); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	if err := s.ctl.await(ctx); err != nil {
		return err
	}
	base := &initConfig{Root: s.m.rootDir(), Steps: s.m.base, Hostname: hostname}
	if s.addr.IsValid() {
		base.Link = s.addr.String()
	}
	link, err := s.ctl.call(ctx, message{Kind: msgBase, Config: base})
	if err != nil {
		return err
	}
	return s.keepLink(link)
}

// prepareIdle gives a spare its cgroup, with the least CPU weight, and
// its outbound address, if sandboxes get one.
func (s *Sandbox) prepareIdle() error {
	if cs := s.m.cgroups; cs != nil {
		g, err := cs.make("spare-" + randomID())
		if err != nil {
			return err
		}
		s.cg = g
		if err := g.idle(); err != nil {
			return err
		}
	}
	var err error
	s.addr, err = s.m.takeAddr()
	return err
}

func randomID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// drainSpares destroys the inits still waiting; Close calls it once no
// refill runs.
func (m *Manager) drainSpares() {
	drain(m.spares)
	for _, q := range m.pre {
		drain(q.ready)
	}
}

func drain(spares chan *Sandbox) {
	for {
		select {
		case s := <-spares:
			_ = s.Destroy()
		default:
			return
		}
	}
}

// claim turns a spare init into the sandbox of spec.
func (s *Sandbox) claim(ctx context.Context, spec Spec) error {
	if err := s.claimCgroup(spec); err != nil {
		return err
	}
	out, err := outputs(spec)
	if err != nil {
		return err
	}
	defer out.close()
	cfg := s.m.initConfig(spec, nil)
	cfg.Unlink = s.addr.IsValid() && !spec.Network
	if _, err := s.ctl.call(ctx, message{Kind: msgConfig, Config: cfg}, out.files...); err != nil {
		return s.initFailed(err)
	}
	if cfg.Unlink {
		s.dropLink()
	}
	return nil
}

// claimCgroup gives a claimed spare's cgroup the sandbox's name, so that an
// environment's cgroup is named by its instance id, and its limits: renamed
// where the kernel allows it (v1), else a new cgroup the init moves to.
func (s *Sandbox) claimCgroup(spec Spec) error {
	if s.cg == nil {
		return nil
	}
	if g, err := s.cg.renamed(spec.ID); err == nil {
		s.setCgroup(g)
		return g.limit(spec.MemoryMB, s.m.cgroups.swap)
	}
	g, err := s.m.cgroups.create(spec.ID, spec.MemoryMB)
	if err != nil {
		return err
	}
	if err := g.place(s.cmd.Process.Pid); err != nil {
		_ = g.remove()
		return err
	}
	old := s.cg
	s.setCgroup(g)
	return old.remove()
}

func (s *Sandbox) setCgroup(g *cgroup) {
	s.mu.Lock() // the goroutine that waits for the init reads it
	s.cg = g
	s.mu.Unlock()
}

// output holds the program's stdout and stderr for handing over, and the
// /dev/null opened for a nil one.
type output struct {
	files  []*os.File
	opened []*os.File
}

func outputs(spec Spec) (*output, error) {
	out := &output{}
	for _, w := range []any{spec.Stdout, spec.Stderr} {
		if f, ok := w.(*os.File); ok && f != nil {
			out.files = append(out.files, f)
			continue
		}
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			out.close()
			return nil, err
		}
		out.files, out.opened = append(out.files, null), append(out.opened, null)
	}
	return out, nil
}

func (o *output) close() {
	for _, f := range o.opened {
		f.Close()
	}
}

func isFileOrNil(w any) bool {
	if w == nil {
		return true
	}
	f, ok := w.(*os.File)
	return ok && f != nil
}

func isDone(s *Sandbox) bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}
