//go:build linux && (amd64 || arm64)

package sandbox

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// namespaceFlags are the clone and unshare flags that would make new
// namespaces.
const namespaceFlags = unix.CLONE_NEWNS | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC | unix.CLONE_NEWUSER |
	unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWCGROUP | unix.CLONE_NEWTIME

// queryPersonality is personality(2)'s argument that reads the persona
// without changing it.
const queryPersonality = 0xffffffff

// Offsets in struct seccomp_data (little-endian: an argument's low half
// comes first).
const (
	offsetNr   = 0
	offsetArch = 4
	offsetArg0 = 16
)

// arg is the offset of the low half of argument n.
func arg(n uint32) uint32 { return offsetArg0 + 8*n }

// Results of the filter.
const (
	retAllow = unix.SECCOMP_RET_ALLOW
	retKill  = unix.SECCOMP_RET_KILL_PROCESS
)

func retErrno(e unix.Errno) uint32 { return unix.SECCOMP_RET_ERRNO | uint32(e) }

// allowedFamilies are the socket families a sandbox may open, besides
// netlink's route protocol.
var allowedFamilies = []uint32{unix.AF_UNIX, unix.AF_INET, unix.AF_INET6}

// seccompSupported reports whether this architecture has a filter.
func seccompSupported() bool { return true }

// seccompFilter is the filter, an allowlist: a foreign architecture's calls
// (x32's included) kill the process; socket, socketpair, clone, unshare
// and personality are allowed by argument (see argumentChecks); clone3,
// whose flags sit in memory a filter cannot read, looks absent (ENOSYS) so
// that libcs fall back to clone; the calls of allowedSyscalls are allowed;
// every other call fails with EPERM. Arguments are compared on their low
// 32 bits, all the kernel reads of an int or unsigned int.
func seccompFilter() []unix.SockFilter {
	var a bpfAsm
	a.load(offsetArch)
	a.jumpIf(unix.BPF_JEQ, auditArch, "native", "")
	a.ret(retKill)
	a.label("native")
	a.load(offsetNr)
	if x32Bit != 0 {
		a.jumpIf(unix.BPF_JSET, x32Bit, "", "native64")
		a.ret(retKill)
		a.label("native64")
	}
	argumentChecks(&a)
	a.jumpIf(unix.BPF_JEQ, unix.SYS_CLONE3, "", "allowlist")
	a.ret(retErrno(unix.ENOSYS))
	a.label("allowlist")
	allowAny(&a, "allowlist", slices.Concat(allowedSyscalls, archAllowedSyscalls))
	a.ret(retErrno(unix.EPERM))
	return a.assemble()
}

// argumentChecks decides, with the syscall number in the accumulator, the
// calls allowed only with some arguments; any other call goes on.
func argumentChecks(a *bpfAsm) {
	a.jumpIf(unix.BPF_JEQ, unix.SYS_SOCKET, "", "socketpair")
	socketFamily(a, "socket", true)
	a.label("socketpair")
	a.jumpIf(unix.BPF_JEQ, unix.SYS_SOCKETPAIR, "", "clone")
	socketFamily(a, "socketpair", false)
	a.label("clone")
	withoutNamespaces(a, unix.SYS_CLONE)
	withoutNamespaces(a, unix.SYS_UNSHARE)
	personalityQuery(a)
}

// withoutNamespaces allows call nr (clone or unshare) unless its flags
// make a namespace, refused with EPERM.
func withoutNamespaces(a *bpfAsm, nr uintptr) {
	next := "after." + strconv.Itoa(int(nr))
	a.jumpIf(unix.BPF_JEQ, uint32(nr), "", next)
	a.load(arg(0))
	a.jumpIf(unix.BPF_JSET, namespaceFlags, "", "allow."+next)
	a.ret(retErrno(unix.EPERM))
	a.label("allow." + next)
	a.ret(retAllow)
	a.label(next)
}

// personalityQuery allows personality only to read the persona or to set
// PER_LINUX, the one it has; a change fails with EPERM.
func personalityQuery(a *bpfAsm) {
	a.jumpIf(unix.BPF_JEQ, unix.SYS_PERSONALITY, "", "personality.end")
	a.load(arg(0))
	a.jumpIf(unix.BPF_JEQ, queryPersonality, "personality.allow", "")
	a.jumpIf(unix.BPF_JEQ, 0, "personality.allow", "")
	a.ret(retErrno(unix.EPERM))
	a.label("personality.allow")
	a.ret(retAllow)
	a.label("personality.end")
}

// socketFamily decides a socket or socketpair call: the allowed families,
// and for socket netlink's route protocol; other netlink protocols fail
// with EPROTONOSUPPORT, other families with EAFNOSUPPORT.
func socketFamily(a *bpfAsm, prefix string, netlink bool) {
	a.load(arg(0))
	for _, f := range allowedFamilies {
		a.jumpIf(unix.BPF_JEQ, f, prefix+".allow", "")
	}
	if netlink {
		a.jumpIf(unix.BPF_JEQ, unix.AF_NETLINK, "", prefix+".nofamily")
		a.load(arg(2))
		a.jumpIf(unix.BPF_JEQ, unix.NETLINK_ROUTE, prefix+".allow", "")
		a.ret(retErrno(unix.EPROTONOSUPPORT))
	}
	a.label(prefix + ".nofamily")
	a.ret(retErrno(unix.EAFNOSUPPORT))
	a.label(prefix + ".allow")
	a.ret(retAllow)
}

// allowAny allows the calls in nrs, in runs short enough for conditional
// jumps; a call not among them goes on past the list.
func allowAny(a *bpfAsm, name string, nrs []uintptr) {
	for i, run := 0, 0; i < len(nrs); run++ {
		chunk := nrs[i:min(i+200, len(nrs))]
		i += len(chunk)
		label := name + "." + strconv.Itoa(run)
		for _, nr := range chunk {
			a.jumpIf(unix.BPF_JEQ, uint32(nr), label+".allow", "")
		}
		a.always(label + ".end")
		a.label(label + ".allow")
		a.ret(retAllow)
		a.label(label + ".end")
	}
}

// initFilter is the filter, assembled once per init: RunInit starts it on
// another goroutine while the init waits for its configuration, so that a
// start seldom waits for it.
var initFilter = sync.OnceValue(seccompFilter)

// installSeccomp installs the filter on the calling thread, which must have
// no_new_privs set.
func installSeccomp() error {
	filter := initFilter()
	prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	if _, _, e := unix.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafe.Pointer(&prog))); e != 0 {
		return fmt.Errorf("install seccomp filter: %w", e)
	}
	return nil
}
