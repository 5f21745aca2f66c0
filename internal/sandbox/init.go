//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// initEnv marks a process started as a sandbox init.
const initEnv = "_VIRGA_SANDBOX_INIT"

// initConfig is everything the init needs, sent by the server.
type initConfig struct {
	Root     string      `json:"root"` // mount point of the new root, in the init's mount namespace
	Steps    []mountStep `json:"steps"`
	UID      int         `json:"uid"`
	GID      int         `json:"gid"`
	Userns   bool        `json:"userns"` // in a user namespace: no setgroups
	Argv     []string    `json:"argv"`
	Env      []string    `json:"env"`
	Dir      string      `json:"dir"`
	Seccomp  bool        `json:"seccomp"`
	Hostname string      `json:"hostname"`
	// Link is the address of the outbound interface to make ("" for
	// none); Unlink takes the route away from one a spare made.
	Link   string `json:"link,omitempty"`
	Unlink bool   `json:"unlink,omitempty"`
	// Attach is the host directory whose task and opt subdirectories a
	// pre-started sandbox sees at /var/task and /opt, as slaves of the
	// host's mounts there (see attach.go).
	Attach string `json:"attach,omitempty"`
}

// IsInit reports whether this process was started as a sandbox init; main
// calls RunInit, which never returns, when it is.
func IsInit() bool { return os.Getenv(initEnv) == "1" }

// RunInit is the sandbox's first process: it builds the sandbox from the
// configuration the server sends, answers its requests, and execs the
// program when told to go. It never returns.
func RunInit() {
	// Credentials, the capability bounding set, no_new_privs and seccomp
	// are per thread: set them on the thread that calls execve.
	runtime.LockOSThread()
	go initFilter()
	err := runInit()
	if errors.Is(err, io.EOF) {
		os.Exit(1) // the server is gone
	}
	_ = initSend(errorMessage(err), -1)
	os.Exit(127)
}

func runInit() error {
	unix.CloseOnExec(controlFD)
	if err := initSend(message{Kind: msgReady}, -1); err != nil {
		return err
	}
	buf := make([]byte, maxMessage)
	m, fds, err := initReceive(buf)
	if err != nil {
		return err
	}
	if m.Kind == msgPrestart && m.Config != nil {
		return runPrestarted(m.Config, buf)
	}
	var base []mountStep // what a spare mounted ahead
	if m.Kind == msgBase && m.Config != nil {
		base = m.Config.Steps
		if m, fds, err = prepareSpare(m.Config, buf); err != nil {
			return err
		}
	}
	if m.Kind != msgConfig || m.Config == nil {
		return fmt.Errorf("sandbox init: expected a config, got %q", m.Kind)
	}
	if err := takeOutput(fds); err != nil {
		return err
	}
	return finish(m.Config, base, buf)
}

// runPrestarted builds a pre-started sandbox whole, then execs its
// program once the server says go.
func runPrestarted(cfg *initConfig, buf []byte) error { return finish(cfg, nil, buf) }

// finish builds the sandbox of cfg (see build), answers ok, serves the
// server's requests until go, and execs the program. Under a root server,
// which opens the sandbox's listeners itself, no request needs a privilege
// after ok: the init confines itself at once, while the server sets up the
// Runtime API, so that go finds it ready to exec (a failure, such as a
// missing program, is still the answer to go). In a user namespace it may
// still be asked for a listener on any port, and confines itself at go.
func finish(cfg *initConfig, base []mountStep, buf []byte) error {
	link, err := build(cfg, base)
	if err != nil {
		return err
	}
	if err := sendOK(link); err != nil {
		return err
	}
	var path string
	var confined error
	if !cfg.Userns {
		path, confined = confine(cfg)
	}
	if err := serve(buf); err != nil {
		return err
	}
	if cfg.Userns {
		path, confined = confine(cfg)
	}
	if confined != nil {
		return confined
	}
	err = unix.Exec(path, cfg.Argv, cfg.Env)
	return fmt.Errorf("exec %s: %w", cfg.Argv[0], err)
}

// takeOutput makes the program's stdout and stderr those the server sent,
// if it sent them (to an init started as a spare, with /dev/null).
func takeOutput(fds []int) error {
	if len(fds) == 0 {
		return nil
	}
	defer closeAll(fds)
	if len(fds) != 2 {
		return fmt.Errorf("sandbox init: got %d descriptors, want stdout and stderr", len(fds))
	}
	for i, fd := range fds {
		if err := unix.Dup3(fd, 1+i, 0); err != nil {
			return fmt.Errorf("sandbox init: take output: %w", err)
		}
	}
	return nil
}

// prepareSpare prepares the base of a spare, then waits to be claimed.
func prepareSpare(base *initConfig, buf []byte) (message, []int, error) {
	link, err := prepare(base)
	if err != nil {
		return message{}, nil, err
	}
	if err := sendOK(link); err != nil {
		return message{}, nil, err
	}
	return initReceive(buf)
}

// sendOK answers ok, with the outbound interface's descriptor when there
// is one (link >= 0), which the init then closes: the server owns it.
func sendOK(link int) error {
	err := initSend(message{Kind: msgOK}, link)
	if link >= 0 {
		unix.Close(link)
	}
	return err
}

// build finishes the sandbox of cfg around the init: its root's steps after
// base (what a spare prepared ahead; nil for everything), its cgroup
// namespace, the pivot into its root. It returns the descriptor of the
// outbound interface it made, or -1.
func build(cfg *initConfig, base []mountStep) (int, error) {
	link, err := -1, error(nil)
	if base == nil {
		link, err = prepare(cfg)
	} else {
		err = claimed(cfg)
	}
	if err == nil {
		err = enterRoot(cfg, base)
	}
	if err != nil && link >= 0 {
		unix.Close(link)
		link = -1
	}
	return link, err
}

// claimed carries out, in a claimed spare, the function's root steps and
// the removal of the outbound route when the sandbox has no network.
func claimed(cfg *initConfig) error {
	if cfg.Unlink {
		if err := linkDown(); err != nil {
			return err
		}
	}
	return applySteps(cfg.Root, cfg.Steps)
}

// enterRoot makes the sandbox's cgroup the root of what it sees (the
// server placed this process in it before sending the config) and pivots
// into its root.
func enterRoot(cfg *initConfig, base []mountStep) error {
	if err := unix.Unshare(unix.CLONE_NEWCGROUP); err != nil && !errors.Is(err, unix.EINVAL) {
		return fmt.Errorf("unshare cgroup namespace: %w", err)
	}
	return finishRoot(cfg.Root, append(base, cfg.Steps...))
}

// prepare builds the sandbox around the init, up to its root's steps, and
// returns the descriptor of the outbound interface it made, or -1.
func prepare(cfg *initConfig) (int, error) {
	if err := unix.Sethostname([]byte(cfg.Hostname)); err != nil {
		return -1, fmt.Errorf("sethostname: %w", err)
	}
	if err := loopbackUp(); err != nil {
		return -1, err
	}
	link := -1
	if cfg.Link != "" {
		var err error
		if link, err = linkUp(cfg.Link); err != nil {
			return -1, err
		}
	}
	err := startRoot(cfg.Root, cfg.Attach != "")
	if err == nil {
		err = applySteps(cfg.Root, cfg.Steps)
	}
	if err == nil && cfg.Attach != "" {
		err = attachPoints(cfg.Root, cfg.Attach)
	}
	if err != nil && link >= 0 {
		unix.Close(link)
		link = -1
	}
	return link, err
}

// serve answers listen requests until the server says go.
func serve(buf []byte) error {
	for {
		m, fds, err := initReceive(buf)
		closeAll(fds)
		if err != nil {
			return err
		}
		switch m.Kind {
		case msgGo:
			return nil
		case msgListen:
			err = answerListen(m.Addr)
		default:
			err = fmt.Errorf("sandbox init: unexpected %q", m.Kind)
		}
		if err != nil {
			return err
		}
	}
}

func answerListen(addr string) error {
	fd, err := listenSocket(addr)
	if err != nil {
		return initSend(errorMessage(err), -1)
	}
	defer unix.Close(fd)
	return initSend(message{Kind: msgOK}, fd)
}

// confine enters the program's directory, finds the program, drops every
// privilege and installs seccomp: all that is left is the exec of the path
// it returns.
func confine(cfg *initConfig) (string, error) {
	if err := unix.Chdir(cfg.Dir); err != nil {
		return "", fmt.Errorf("chdir %s: %w", cfg.Dir, err)
	}
	path, err := lookPath(cfg.Argv[0], cfg.Env)
	if err != nil {
		return "", err
	}
	if err := limitProcess(); err != nil {
		return "", err
	}
	if err := dropPrivileges(cfg.UID, cfg.GID, !cfg.Userns); err != nil {
		return "", err
	}
	if err := dieWithServer(); err != nil {
		return "", err
	}
	if cfg.Seccomp {
		if err := installSeccomp(); err != nil {
			return "", err
		}
	}
	return path, nil
}

// dieWithServer re-arms the parent-death signal, which a change of
// credentials clears, then makes sure the server did not die meanwhile.
func dieWithServer() error {
	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL), 0, 0, 0); err != nil {
		return fmt.Errorf("set parent death signal: %w", err)
	}
	// Only a hang-up says so: go may already wait to be read.
	fds := []unix.PollFd{{Fd: controlFD, Events: unix.POLLIN}}
	if n, _ := unix.Poll(fds, 0); n > 0 && fds[0].Revents&unix.POLLHUP != 0 {
		return io.EOF
	}
	return nil
}

// lookPath finds a program inside the sandbox, in PATH of env when the
// name has no slash.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	path := "/usr/local/bin:/usr/bin:/bin"
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("exec %s: %w", name, unix.ENOENT)
}
