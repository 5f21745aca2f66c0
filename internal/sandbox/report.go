package sandbox

// Protections says which of the sandbox's protections hold on this host:
// what `virga server` logs once at start and GET /_virga/health carries.
type Protections struct {
	// Seccomp: every sandbox runs under Virga's system call allowlist.
	Seccomp bool
	// UserNamespace: sandboxes get a user namespace, the server not being
	// root (a root server needs none: the function runs as an
	// unprivileged user with no capabilities either way).
	UserNamespace bool
	// Cgroup is the cgroup version sandboxes are limited by ("v1", "v2";
	// "" for none) and Controllers the controllers Virga uses of it.
	Cgroup      string
	Controllers []string
	// LandlockABI is the Landlock ABI this kernel offers (0: none).
	// Virga's sandboxes do not need it: their root holds nothing else.
	LandlockABI int
	// Unenforced lists, in words, the limits this host cannot enforce.
	Unenforced []string
}
