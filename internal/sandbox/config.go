package sandbox

import (
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
)

// Defaults for Config.
const (
	DefaultCgroupRoot = "virga"
	DefaultUID        = 993 // AWS Lambda's sbx_user1051
	DefaultGID        = 990
)

// Config configures a Manager.
type Config struct {
	// CgroupRoot is the cgroup that holds every sandbox's cgroup. A
	// relative name is placed under the server's own cgroup on cgroup v1
	// and under the hierarchy's root on cgroup v2 (whose no-internal-process
	// rule forbids nesting beside the server); an absolute path is taken
	// from the hierarchy's root on both. Default "virga".
	CgroupRoot string
	// StateDir is the Manager's scratch directory (the /etc template and
	// the mount point of new roots). It is never visible inside a sandbox.
	// Required.
	StateDir string
	// UID and GID run the function; 0 means the defaults (993:990).
	UID, GID int
	// Spares is how many sandbox inits the Manager keeps started ahead of
	// Create, which then skips their start-up (most of its cost). Each
	// waits as an idle process of a few MB. Default 0.
	Spares int
	// Prestart lists the interpreters that spare sandboxes wait with,
	// already running (see prestart.go), and PrestartSpares how many wait
	// per interpreter. Each is an idle interpreter process of 10-40 MB
	// that counts against no function's memory. Default none; it needs a
	// server that is root.
	Prestart       []Prestart
	PrestartSpares int
	// Network gives sandboxes whose Spec asks for it an outbound
	// interface (see Link); it needs /dev/net/tun, and without it they
	// have loopback only, as Limits says.
	Network bool
	// ResolvConf is the host file every sandbox sees as /etc/resolv.conf;
	// default /etc/resolv.conf.
	ResolvConf string
	Logger     *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.CgroupRoot == "" {
		c.CgroupRoot = DefaultCgroupRoot
	}
	if c.UID == 0 {
		c.UID = DefaultUID
	}
	if c.GID == 0 {
		c.GID = DefaultGID
	}
	if c.ResolvConf == "" {
		c.ResolvConf = "/etc/resolv.conf"
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

func (c Config) validate() error {
	var errs []error
	if c.StateDir == "" || !filepath.IsAbs(c.StateDir) {
		errs = append(errs, errors.New("sandbox config: StateDir must be an absolute path"))
	}
	if c.Spares < 0 || c.PrestartSpares < 0 {
		errs = append(errs, errors.New("sandbox config: Spares and PrestartSpares must not be negative"))
	}
	if c.UID < 0 || c.GID < 0 {
		errs = append(errs, errors.New("sandbox config: UID and GID must not be negative"))
	}
	if filepath.Clean(c.CgroupRoot) != c.CgroupRoot || c.CgroupRoot == "/" || c.CgroupRoot == ".." || strings.HasPrefix(c.CgroupRoot, "../") {
		errs = append(errs, errors.New("sandbox config: CgroupRoot must be a clean path below a hierarchy's root"))
	}
	return errors.Join(errs...)
}
