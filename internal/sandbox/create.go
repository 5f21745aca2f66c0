//go:build linux

package sandbox

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Create makes a sandbox for spec: namespaces, cgroup and root filesystem
// are ready when it returns, and the program has not started. It uses a
// spare init when Config.Spares keeps some. The caller must Destroy it.
func (m *Manager) Create(ctx context.Context, spec Spec) (*Sandbox, error) {
	spec = spec.withDefaults()
	if err := spec.validate(); err != nil {
		return nil, err
	}
	if err := m.reserve(spec.ID); err != nil {
		return nil, err
	}
	s, err := m.build(ctx, spec)
	m.refill()
	m.refillPrestarted(spec)
	if err == nil {
		err = m.activate(s)
	}
	if err != nil {
		_ = s.Destroy()
		return nil, fmt.Errorf("create sandbox %s: %w", spec.ID, err)
	}
	return s, nil
}

// build makes the sandbox around a spare init when one is ready, else
// around a new one.
func (m *Manager) build(ctx context.Context, spec Spec) (*Sandbox, error) {
	if s := m.takePrestarted(spec); s != nil {
		s.id = spec.ID
		return s, s.claimPrestarted(spec)
	}
	if s := m.takeSpare(spec); s != nil {
		s.id = spec.ID
		return s, s.claim(ctx, spec)
	}
	s := &Sandbox{id: spec.ID, m: m, done: make(chan struct{})}
	return s, s.create(ctx, spec)
}

func (s *Sandbox) create(ctx context.Context, spec Spec) error {
	if cs := s.m.cgroups; cs != nil {
		g, err := cs.create(spec.ID, spec.MemoryMB)
		if err != nil {
			return err
		}
		s.cg = g
	}
	if spec.Network {
		var err error
		if s.addr, err = s.m.takeAddr(); err != nil {
			return err
		}
	}
	if err := s.spawn(spec); err != nil {
		return err
	}
	if err := s.ctl.await(ctx); err != nil {
		return s.initFailed(err)
	}
	cfg := s.m.initConfig(spec, s.m.base)
	if s.addr.IsValid() {
		cfg.Link = s.addr.String()
	}
	link, err := s.ctl.call(ctx, message{Kind: msgConfig, Config: cfg})
	if err != nil {
		return s.initFailed(err)
	}
	return s.keepLink(link)
}

// spawn starts the init in new namespaces, inside the cgroup: placed by
// the clone itself on cgroup v2, else moved there before it receives its
// config, which it waits for before doing anything.
func (s *Sandbox) spawn(spec Spec) error { return s.spawnWithInput(spec, nil) }

// spawnWithInput is spawn with the init's standard input (nil: /dev/null).
func (s *Sandbox) spawnWithInput(spec Spec, stdin *os.File) error {
	server, child, err := socketPair()
	if err != nil {
		return err
	}
	defer child.Close()
	if s.ctl, err = newControl(server); err != nil {
		return err
	}
	placed, err := s.startInit(spec, child, stdin)
	if err != nil {
		return fmt.Errorf("start sandbox init: %w", err)
	}
	go s.wait()
	if s.cg != nil && !placed {
		return s.cg.place(s.cmd.Process.Pid)
	}
	return nil
}

// startInit starts the init, cloned straight into the cgroup where the
// kernel can (cgroup v2, Linux 5.7); it reports whether it did.
func (s *Sandbox) startInit(spec Spec, child, stdin *os.File) (placed bool, err error) {
	if s.cg != nil && s.cg.v2 {
		if fd, err := s.cg.openFD(); err == nil {
			defer unix.Close(fd)
			s.cmd = s.m.initCmd(spec, child, stdin)
			s.cmd.SysProcAttr.UseCgroupFD, s.cmd.SysProcAttr.CgroupFD = true, fd
			if s.cmd.Start() == nil {
				return true, nil
			}
		}
	}
	s.cmd = s.m.initCmd(spec, child, stdin)
	if err := s.cmd.Start(); err != nil {
		s.cmd = nil
		return false, err
	}
	return false, nil
}

// initCmd re-executes this binary as the sandbox's init.
func (m *Manager) initCmd(spec Spec, child, stdin *os.File) *exec.Cmd {
	cmd := &exec.Cmd{
		Path:        "/proc/self/exe",
		Args:        []string{"virga-sandbox-init", spec.ID},
		Env:         []string{initEnv + "=1", "GOMAXPROCS=1", "GOGC=off"},
		Stdout:      spec.Stdout,
		Stderr:      spec.Stderr,
		ExtraFiles:  []*os.File{child}, // controlFD
		SysProcAttr: m.sysProcAttr(),
		WaitDelay:   time.Second,
	}
	if stdin != nil {
		cmd.Stdin = stdin
	}
	return cmd
}

func (m *Manager) sysProcAttr() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{
		Cloneflags: unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWIPC | unix.CLONE_NEWUTS,
		Pdeathsig:  syscall.SIGKILL,
		Setsid:     true, // the server's terminal signals are not the sandbox's
	}
	if m.userns {
		a.Cloneflags |= unix.CLONE_NEWUSER
		a.UidMappings = []syscall.SysProcIDMap{{ContainerID: m.cfg.UID, HostID: os.Geteuid(), Size: 1}}
		a.GidMappings = []syscall.SysProcIDMap{{ContainerID: m.cfg.GID, HostID: os.Getegid(), Size: 1}}
		// The init is the sandbox user from the start, so exec would drop
		// the capabilities that creating the namespace gave it: keep
		// those it needs as ambient ones; it clears them before the program.
		a.AmbientCaps = initCaps
	}
	return a
}

// initCaps are what the init needs in a user namespace: mounts, pivot_root,
// namespaces and hostname; lo; a listener on any port; the bounding set.
var initCaps = []uintptr{unix.CAP_SYS_ADMIN, unix.CAP_NET_ADMIN, unix.CAP_NET_BIND_SERVICE, unix.CAP_SETPCAP}

// initConfig is spec's configuration for an init whose root has base
// already (nil for a new init, the base steps for a spare).
func (m *Manager) initConfig(spec Spec, base []mountStep) *initConfig {
	return &initConfig{
		Root:     m.rootDir(),
		Steps:    plan(base, spec, m.emptyDir()),
		UID:      m.cfg.UID,
		GID:      m.cfg.GID,
		Userns:   m.userns,
		Argv:     spec.Argv,
		Env:      spec.Env,
		Dir:      spec.Dir,
		Seccomp:  seccompSupported(),
		Hostname: hostname,
	}
}
