//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Manager creates sandboxes and owns what they share: the parent cgroups,
// the /etc template, the mount plan of the system directories.
type Manager struct {
	cfg       Config
	log       *slog.Logger
	cgroups   *cgroups // nil when this server cannot make cgroups
	cgroupErr error    // why cgroups is nil
	userns    bool     // not root: sandboxes get a user namespace
	base      []mountStep
	limits    []string
	addrs     *addrPool // nil: sandboxes get no outbound interface
	linkErr   error     // why, when Config.Network asked for them

	spares  chan *Sandbox          // inits started ahead (see spare.go)
	refills sync.WaitGroup         // goroutines starting spares
	plain   *spareQueue            // its queue, whose ready is spares
	pre     map[string]*spareQueue // pre-started spares by interpreter (see prestart.go); nil: none

	mu     sync.Mutex
	live   map[string]*Sandbox // by ID; nil while being created
	closed bool
}

// NewManager prepares the state directory and the parent cgroups, and logs
// once which protections hold on this host and which limits it cannot
// enforce.
func NewManager(cfg Config) (*Manager, error) {
	return newManager(cfg, cgroupMount)
}

func newManager(cfg Config, mount string) (*Manager, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m := &Manager{cfg: cfg, log: cfg.Logger.With("component", "sandbox"), userns: os.Geteuid() != 0, live: map[string]*Sandbox{}}
	m.plain = newSpareQueue(cfg.Spares, "init", 0, (*Sandbox).prepareSpare)
	m.spares = m.plain.ready
	if err := m.prepareState(); err != nil {
		return nil, err
	}
	m.openCgroups(mount)
	m.openLinks()
	m.openPrestart()
	m.limits = m.unenforced()
	m.logProtections()
	return m, nil
}

func (m *Manager) rootDir() string { return filepath.Join(m.cfg.StateDir, "root") }
func (m *Manager) etcDir() string  { return filepath.Join(m.cfg.StateDir, "etc") }

// emptyDir is the empty lower layer beneath the overlays of a root.
func (m *Manager) emptyDir() string { return filepath.Join(m.cfg.StateDir, "empty") }

// prepareState makes the mount point of new roots and the /etc template.
func (m *Manager) prepareState() error {
	if err := os.MkdirAll(m.cfg.StateDir, 0o700); err != nil {
		return fmt.Errorf("sandbox state dir: %w", err)
	}
	for _, dir := range []string{m.rootDir(), m.emptyDir()} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("sandbox state dir: %w", err)
		}
	}
	mounts, err := writeEtc(m.etcDir(), "/etc", m.cfg.ResolvConf, m.cfg.UID, m.cfg.GID)
	if err != nil {
		return fmt.Errorf("sandbox /etc: %w", err)
	}
	m.base = baseSteps(m.etcDir(), m.emptyDir(), mounts)
	return nil
}

func (m *Manager) openCgroups(mount string) {
	cs, err := openCgroups(mount, m.cfg.CgroupRoot)
	if err != nil {
		m.cgroupErr = err
		return
	}
	if n := cs.reapStale(); n > 0 {
		m.log.Info("removed cgroups of sandboxes left by an earlier server", "count", n)
	}
	m.cgroups = cs
}

// unenforced lists the limits this host cannot enforce.
func (m *Manager) unenforced() []string {
	var out []string
	if m.cgroups == nil {
		out = append(out, fmt.Sprintf("memory, CPU and process limits: %v", m.cgroupErr))
	} else {
		missing := map[string]string{
			"memory": "memory limit and OOM detection: no memory controller",
			"cpu":    "CPU weight: no cpu controller",
			"pids":   fmt.Sprintf("process limit (%d): no pids controller", maxPids),
		}
		for _, c := range controllers {
			if _, ok := m.cgroups.ctl[c]; !ok {
				out = append(out, missing[c])
			}
		}
		if _, ok := m.cgroups.ctl["memory"]; ok && !m.cgroups.swap && swapActive() {
			out = append(out, "swap: swap accounting is off, a sandbox may swap beyond its memory limit")
		}
	}
	if m.linkErr != nil {
		out = append(out, fmt.Sprintf("outbound network: %v; functions have loopback only", m.linkErr))
	}
	if !seccompSupported() {
		out = append(out, "seccomp filter: not available on "+runtime.GOARCH)
	}
	return out
}

func swapActive() bool {
	return len(strings.Split(strings.TrimSpace(readString("/proc/swaps")), "\n")) > 1
}

// Limits lists, in words, the limits this host cannot enforce; empty when
// every limit holds.
func (m *Manager) Limits() []string { return slices.Clone(m.limits) }

// reserve claims id for a sandbox being created.
func (m *Manager) reserve(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	if _, ok := m.live[id]; ok {
		return fmt.Errorf("sandbox %s already exists", id)
	}
	m.live[id] = nil
	return nil
}

// activate records a created sandbox, unless Close began meanwhile.
func (m *Manager) activate(s *Sandbox) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	m.live[s.id] = s
	return nil
}

func (m *Manager) release(id string) {
	if id == "" {
		return // a spare init
	}
	m.mu.Lock()
	delete(m.live, id)
	m.mu.Unlock()
}

// Close destroys every sandbox still alive and removes the parent cgroups
// and the state the Manager made.
func (m *Manager) Close() error {
	m.mu.Lock()
	m.closed = true
	var live []*Sandbox
	for _, s := range m.live {
		if s != nil {
			live = append(live, s)
		}
	}
	m.mu.Unlock()
	m.refills.Wait()
	m.drainSpares()
	var errs []error
	for _, s := range live {
		errs = append(errs, s.Destroy())
	}
	if m.cgroups != nil {
		errs = append(errs, m.cgroups.close())
	}
	errs = append(errs, os.RemoveAll(m.etcDir()), os.Remove(m.rootDir()), os.Remove(m.emptyDir()))
	return errors.Join(errs...)
}
