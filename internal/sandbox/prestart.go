//go:build linux

package sandbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A spare init saves a cold start the init's own start-up; a pre-started
// spare saves the interpreter's too. It waits with its whole root built
// (except /var/task and /opt, which are attached on claim, see attach.go)
// and its program already running: an interpreter with Virga's runtime
// client loaded, blocked reading its standard input. A cold start that
// claims it gives it the function's cgroup, attaches the function's code
// and layers, and then (Start) writes the function's environment and
// working directory to that input as one JSON line; the client sets them
// and carries on as if it had just started: imports the handler (the
// function's init), asks for the first event. A spare is used once: its
// program is the function's runtime from then on.
//
// The program's stdout and stderr are a pipe the sandbox made, which the
// caller reads from Output; its /tmp has the default size and its /dev/shm
// the largest memory; Listen opens sockets from outside, as the init is
// gone.

// Prestart is an interpreter spare sandboxes wait with: Argv started with
// Env (which should tell the program to wait for its function), below the
// sandbox root's RuntimeDir and ReadOnlyPaths as in a Spec.
type Prestart struct {
	Argv, Env     []string
	RuntimeDir    string
	ReadOnlyPaths []string
}

// prestarted is what a pre-started sandbox holds until Start.
type prestarted struct {
	attach string   // its attach directory
	input  *os.File // the write end of the program's standard input
	output *os.File // the read end of its stdout and stderr, until taken
	claim  []byte   // the line Start writes
}

func prestartKey(argv []string, runtimeDir string, readOnly []string) string {
	return strings.Join(argv, "\x00") + "\x01" + runtimeDir + "\x01" + strings.Join(readOnly, "\x00")
}

// openPrestart keeps the interpreters of cfg ready, when this server can
// (it must mount on the host: root, no user namespace).
func (m *Manager) openPrestart() {
	if !m.userns {
		releaseStaleAttaches(m.attachRoot()) // of an earlier server
	}
	if m.cfg.PrestartSpares == 0 || len(m.cfg.Prestart) == 0 {
		return
	}
	if m.userns {
		m.log.Info("pre-started runtimes need a server running as root; cold starts start their interpreter")
		return
	}
	m.pre = map[string]*spareQueue{}
	for _, p := range m.cfg.Prestart {
		m.pre[prestartKey(p.Argv, p.RuntimeDir, p.ReadOnlyPaths)] = newSpareQueue(m.cfg.PrestartSpares, "pre-started", prestartRefillDelay,
			func(s *Sandbox) error { return m.prestart(s, p) })
	}
}

func (m *Manager) attachRoot() string { return filepath.Join(m.cfg.StateDir, "attach") }

// preSparesFor returns the pre-started spares spec may use, if any.
func (m *Manager) preSparesFor(spec Spec) *spareQueue {
	if !spec.Prestart || m.pre == nil || spec.TmpMB != DefaultTmpMB || spec.Network != (m.addrs != nil) {
		return nil
	}
	return m.pre[prestartKey(spec.Argv, spec.RuntimeDir, spec.ReadOnlyPaths)]
}

// takePrestarted returns a pre-started spare for spec, if one is ready.
func (m *Manager) takePrestarted(spec Spec) *Sandbox {
	if q := m.preSparesFor(spec); q != nil {
		return q.pop()
	}
	return nil
}

// prestartRefillDelay holds back the start of a pre-started spare after a
// claim: starting an interpreter costs more CPU than the rest of the cold
// start that claimed the last one, which would otherwise share the cores
// with it.
const prestartRefillDelay = 100 * time.Millisecond

// refillPrestarted starts, after prestartRefillDelay, the pre-started
// spares spec's interpreter lacks.
func (m *Manager) refillPrestarted(spec Spec) {
	if q := m.preSparesFor(spec); q != nil {
		m.refillQueue(q)
	}
}

// prestart starts, as s, an init in a cgroup of its own and has it build
// the whole root and exec p's program.
func (m *Manager) prestart(s *Sandbox, p Prestart) error {
	s.pre = &prestarted{attach: filepath.Join(m.attachRoot(), randomID())}
	if err := s.prepareIdle(); err != nil {
		return err
	}
	if err := makeAttach(s.pre.attach); err != nil {
		return err
	}
	stdin, output, err := s.prestartPipes()
	if err != nil {
		return err
	}
	spec := Spec{ID: "spare", Argv: p.Argv, Env: p.Env, RuntimeDir: p.RuntimeDir, ReadOnlyPaths: p.ReadOnlyPaths,
		MemoryMB: maxShmMB, TmpMB: DefaultTmpMB, Dir: "/", Stdout: output, Stderr: output}
	err = s.spawnWithInput(spec, stdin)
	stdin.Close()
	output.Close()
	if err != nil {
		return err
	}
	return s.runPrestart(spec)
}

// maxShmMB sizes a pre-started sandbox's /dev/shm, which a plain sandbox
// sizes by its memory: the largest memory a function may have. The memory
// limit bounds it all the same.
const maxShmMB = 10240

// prestartPipes makes the program's standard input and output, keeping
// the server's ends; it returns the sandbox's.
func (s *Sandbox) prestartPipes() (stdin, output *os.File, err error) {
	stdin, s.pre.input, err = os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	s.pre.output, output, err = os.Pipe()
	if err != nil {
		stdin.Close()
		return nil, nil, err
	}
	return stdin, output, nil
}

// runPrestart sends the init its root and program, and lets it go.
func (s *Sandbox) runPrestart(spec Spec) error {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	if err := s.ctl.await(ctx); err != nil {
		return s.initFailed(err)
	}
	cfg := s.m.initConfig(spec, nil)
	cfg.Steps = slices.Concat(s.m.base, sharedSteps(spec, s.m.emptyDir()))
	cfg.Attach = s.pre.attach
	if s.addr.IsValid() {
		cfg.Link = s.addr.String()
	}
	link, err := s.ctl.call(ctx, message{Kind: msgPrestart, Config: cfg})
	if err != nil {
		return s.initFailed(err)
	}
	if err := s.keepLink(link); err != nil {
		return err
	}
	_, err = s.ctl.call(ctx, message{Kind: msgGo})
	s.ctl.close()
	if err != nil && !isEOF(err) {
		return fmt.Errorf("start pre-started program: %w", err)
	}
	return nil
}
