//go:build linux && (amd64 || arm64)

package sandbox

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// blockedSyscalls fail with EPERM inside a sandbox: they change mounts or
// namespaces, inspect other processes, load code into the kernel, or touch
// the machine as a whole. An unprivileged user is refused most of them
// anyway; the filter also closes the kernel's attack surface behind them.
var blockedSyscalls = append([]uintptr{
	unix.SYS_MOUNT, unix.SYS_UMOUNT2, unix.SYS_PIVOT_ROOT, unix.SYS_CHROOT,
	unix.SYS_FSOPEN, unix.SYS_FSCONFIG, unix.SYS_FSMOUNT, unix.SYS_FSPICK,
	unix.SYS_OPEN_TREE, unix.SYS_OPEN_TREE_ATTR, unix.SYS_MOVE_MOUNT, unix.SYS_MOUNT_SETATTR,
	unix.SYS_UNSHARE, unix.SYS_SETNS,
	unix.SYS_PTRACE, unix.SYS_PROCESS_VM_READV, unix.SYS_PROCESS_VM_WRITEV, unix.SYS_KCMP,
	unix.SYS_KEXEC_LOAD, unix.SYS_KEXEC_FILE_LOAD, unix.SYS_BPF, unix.SYS_PERF_EVENT_OPEN,
	unix.SYS_INIT_MODULE, unix.SYS_FINIT_MODULE, unix.SYS_DELETE_MODULE,
	unix.SYS_KEYCTL, unix.SYS_ADD_KEY, unix.SYS_REQUEST_KEY,
	unix.SYS_REBOOT, unix.SYS_SWAPON, unix.SYS_SWAPOFF, unix.SYS_ACCT,
	unix.SYS_QUOTACTL, unix.SYS_QUOTACTL_FD, unix.SYS_OPEN_BY_HANDLE_AT, unix.SYS_NAME_TO_HANDLE_AT,
	unix.SYS_USERFAULTFD, unix.SYS_SYSLOG, unix.SYS_VHANGUP, unix.SYS_LOOKUP_DCOOKIE,
	unix.SYS_SETTIMEOFDAY, unix.SYS_CLOCK_SETTIME, unix.SYS_CLOCK_ADJTIME, unix.SYS_ADJTIMEX,
	unix.SYS_IO_URING_SETUP, unix.SYS_IO_URING_ENTER, unix.SYS_IO_URING_REGISTER,
}, archBlockedSyscalls...)

// namespaceFlags are the clone flags that would make new namespaces.
const namespaceFlags = unix.CLONE_NEWNS | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC | unix.CLONE_NEWUSER |
	unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWCGROUP | unix.CLONE_NEWTIME

// Offsets in struct seccomp_data (little-endian: the low half of args[0]).
const (
	offsetNr   = 0
	offsetArch = 4
	offsetArg0 = 16
)

// seccompSupported reports whether this architecture has a filter.
func seccompSupported() bool { return true }

// installSeccomp installs the filter on the calling thread, which must
// have no_new_privs set.
func installSeccomp() error {
	filter := seccompFilter()
	prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	if _, _, e := unix.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafe.Pointer(&prog))); e != 0 {
		return fmt.Errorf("install seccomp filter: %w", e)
	}
	return nil
}

// seccompFilter is the classic BPF program: kill a foreign architecture,
// refuse the blocked calls and namespace-making clones, make clone3 (whose
// flags a filter cannot read) look absent so that libc falls back to
// clone, allow the rest.
func seccompFilter() []unix.SockFilter {
	var a bpfAsm
	a.load(offsetArch)
	a.jumpIf(unix.BPF_JEQ, auditArch, "", "kill")
	a.load(offsetNr)
	if x32Bit != 0 {
		a.jumpIf(unix.BPF_JSET, x32Bit, "deny", "")
	}
	for _, nr := range blockedSyscalls {
		a.jumpIf(unix.BPF_JEQ, uint32(nr), "deny", "")
	}
	a.jumpIf(unix.BPF_JEQ, unix.SYS_CLONE3, "nosys", "")
	a.jumpIf(unix.BPF_JEQ, unix.SYS_CLONE, "", "allow")
	a.load(offsetArg0)
	a.jumpIf(unix.BPF_JSET, namespaceFlags, "deny", "allow")
	a.label("allow")
	a.ret(unix.SECCOMP_RET_ALLOW)
	a.label("deny")
	a.ret(unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM))
	a.label("nosys")
	a.ret(unix.SECCOMP_RET_ERRNO | uint32(unix.ENOSYS))
	a.label("kill")
	a.ret(unix.SECCOMP_RET_KILL_PROCESS)
	return a.assemble()
}

// bpfAsm assembles classic BPF with named jump targets.
type bpfAsm struct {
	insns  []unix.SockFilter
	jumps  map[int][2]string // instruction → true and false targets
	labels map[string]int
}

func (a *bpfAsm) load(offset uint32) {
	a.insns = append(a.insns, unix.SockFilter{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: offset})
}

func (a *bpfAsm) ret(k uint32) {
	a.insns = append(a.insns, unix.SockFilter{Code: unix.BPF_RET | unix.BPF_K, K: k})
}

// jumpIf compares the accumulator with k; an empty target is the next
// instruction.
func (a *bpfAsm) jumpIf(op uint16, k uint32, onTrue, onFalse string) {
	if a.jumps == nil {
		a.jumps = map[int][2]string{}
	}
	a.jumps[len(a.insns)] = [2]string{onTrue, onFalse}
	a.insns = append(a.insns, unix.SockFilter{Code: unix.BPF_JMP | op | unix.BPF_K, K: k})
}

func (a *bpfAsm) label(name string) {
	if a.labels == nil {
		a.labels = map[string]int{}
	}
	a.labels[name] = len(a.insns)
}

// assemble resolves the jumps; every target lies ahead, within 255.
func (a *bpfAsm) assemble() []unix.SockFilter {
	for i, t := range a.jumps {
		a.insns[i].Jt, a.insns[i].Jf = a.offset(i, t[0]), a.offset(i, t[1])
	}
	return a.insns
}

func (a *bpfAsm) offset(from int, label string) uint8 {
	if label == "" {
		return 0
	}
	d := a.labels[label] - from - 1
	if d < 0 || d > 255 {
		panic("seccomp: jump out of range")
	}
	return uint8(d)
}
