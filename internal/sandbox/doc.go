// Package sandbox runs one Lambda execution environment in a Linux sandbox:
// a process tree in its own mount, PID, IPC, UTS and network namespaces (and
// a user namespace when the server is not root), inside a cgroup that limits
// memory, CPU weight and process count.
//
// The sandbox sees a fresh read-only root: the host's system directories
// (/usr, /bin, /lib …), a minimal /etc, a fresh read-only /proc with the
// host's secrets masked, Lambda's /dev, the function's code at /var/task,
// layers at /opt, Virga's runtime clients at /var/runtime (overlays, whose
// host paths the mount table does not show), and a size-limited tmpfs /tmp.
// Nothing else of the host is visible. The program runs as an unprivileged
// user, with no capabilities, no_new_privs, no descriptor but 0, 1 and 2,
// and a seccomp allowlist. Its network namespace holds a loopback
// interface and, when asked for (Spec.Network), an outbound interface whose
// other end the server holds (see Link).
//
// A sandbox comes to life in three steps. Create starts the sandbox's first
// process, a copy of the server's own binary (see IsInit and RunInit), which
// builds the namespaces and the root filesystem and then waits. Listen asks
// it for a listening socket inside the sandbox's network namespace, so that
// the server can serve the Runtime API on the sandbox's own 127.0.0.1.
// Start makes it exec the function's runtime, which becomes the sandbox's
// PID 1: when it exits, the kernel ends every other process of the sandbox.
// Destroy kills whatever is left and removes the cgroup; the mounts only
// ever existed in the sandbox's mount namespace and vanish with it.
//
// Create may instead claim a spare prepared ahead: an init waiting with the
// base of its root mounted (spare.go), or, for the interpreters of
// Config.Prestart, a whole sandbox whose program already runs and waits for
// its function (prestart.go), whose code reaches it by mount propagation
// (attach.go).
//
// Because the init is the server's binary run again, main must begin with
//
//	if sandbox.IsInit() {
//		sandbox.RunInit() // never returns
//	}
package sandbox
