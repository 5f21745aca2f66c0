//go:build linux && (amd64 || arm64)

package sandbox

import (
	"encoding/binary"
	"testing"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// TestSeccompFilter runs the filter in x/net/bpf's interpreter.
func TestSeccompFilter(t *testing.T) {
	vm := filterVM(t)
	allow, eperm, eafnosupport := uint32(retAllow), retErrno(unix.EPERM), retErrno(unix.EAFNOSUPPORT)
	for _, tc := range []struct {
		name string
		nr   uintptr
		args []uint64
		want uint32
	}{
		{"read", unix.SYS_READ, nil, allow},
		{"last allowed", allowedSyscalls[len(allowedSyscalls)-1], nil, allow},
		{"mount", unix.SYS_MOUNT, nil, eperm},
		{"ptrace", unix.SYS_PTRACE, nil, eperm},
		{"bpf", unix.SYS_BPF, nil, eperm},
		{"keyctl", unix.SYS_KEYCTL, nil, eperm},
		{"perf_event_open", unix.SYS_PERF_EVENT_OPEN, nil, eperm},
		{"userfaultfd", unix.SYS_USERFAULTFD, nil, eperm},
		{"io_uring_setup", unix.SYS_IO_URING_SETUP, nil, eperm},
		{"setns", unix.SYS_SETNS, nil, eperm},
		{"unknown", 1000, nil, eperm},
		{"unshare files", unix.SYS_UNSHARE, []uint64{unix.CLONE_FILES}, allow},
		{"unshare userns", unix.SYS_UNSHARE, []uint64{unix.CLONE_NEWUSER}, eperm},
		{"clone thread", unix.SYS_CLONE, []uint64{unix.CLONE_VM | unix.CLONE_THREAD}, allow},
		{"clone userns", unix.SYS_CLONE, []uint64{unix.CLONE_NEWUSER | uint64(unix.SIGCHLD)}, eperm},
		{"clone netns high bits", unix.SYS_CLONE, []uint64{1<<32 | unix.CLONE_NEWNET}, eperm},
		{"clone3", unix.SYS_CLONE3, nil, retErrno(unix.ENOSYS)},
		{"personality query", unix.SYS_PERSONALITY, []uint64{queryPersonality}, allow},
		{"personality change", unix.SYS_PERSONALITY, []uint64{0x0040000 /* ADDR_NO_RANDOMIZE */}, eperm},
		{"socket inet6", unix.SYS_SOCKET, []uint64{unix.AF_INET6, unix.SOCK_STREAM}, allow},
		{"socket unix", unix.SYS_SOCKET, []uint64{unix.AF_UNIX, unix.SOCK_STREAM}, allow},
		{"socket netlink route", unix.SYS_SOCKET, []uint64{unix.AF_NETLINK, unix.SOCK_RAW, unix.NETLINK_ROUTE}, allow},
		{"socket netlink audit", unix.SYS_SOCKET, []uint64{unix.AF_NETLINK, unix.SOCK_RAW, unix.NETLINK_AUDIT}, retErrno(unix.EPROTONOSUPPORT)},
		{"socket packet", unix.SYS_SOCKET, []uint64{unix.AF_PACKET, unix.SOCK_RAW}, eafnosupport},
		{"socket vsock", unix.SYS_SOCKET, []uint64{unix.AF_VSOCK, unix.SOCK_STREAM}, eafnosupport},
		{"socket alg", unix.SYS_SOCKET, []uint64{unix.AF_ALG, unix.SOCK_SEQPACKET}, eafnosupport},
		{"socket family numbered as clone", unix.SYS_SOCKET, []uint64{unix.SYS_CLONE}, eafnosupport},
		{"socketpair unix", unix.SYS_SOCKETPAIR, []uint64{unix.AF_UNIX, unix.SOCK_STREAM}, allow},
		{"socketpair netlink", unix.SYS_SOCKETPAIR, []uint64{unix.AF_NETLINK, unix.SOCK_RAW, unix.NETLINK_ROUTE}, eafnosupport},
	} {
		if got := runFilter(t, vm, auditArch, tc.nr, tc.args); got != tc.want {
			t.Errorf("%s: %#x, want %#x", tc.name, got, tc.want)
		}
	}
	if got := runFilter(t, vm, unix.AUDIT_ARCH_I386, unix.SYS_READ, nil); got != retKill {
		t.Errorf("foreign architecture: %#x", got)
	}
	if x32Bit != 0 {
		if got := runFilter(t, vm, auditArch, x32Bit|unix.SYS_READ, nil); got != retKill {
			t.Errorf("x32 read: %#x", got)
		}
	}
}

func filterVM(t *testing.T) *bpf.VM {
	t.Helper()
	prog := seccompFilter()
	if len(prog) > unix.BPF_MAXINSNS {
		t.Fatalf("%d instructions", len(prog))
	}
	raw := make([]bpf.RawInstruction, len(prog))
	for i, in := range prog {
		raw[i] = bpf.RawInstruction{Op: in.Code, Jt: in.Jt, Jf: in.Jf, K: in.K}
	}
	insns, ok := bpf.Disassemble(raw)
	if !ok {
		t.Fatal("filter has an instruction x/net/bpf does not know")
	}
	vm, err := bpf.NewVM(insns)
	if err != nil {
		t.Fatal(err)
	}
	return vm
}

// runFilter runs the filter on a struct seccomp_data. x/net/bpf loads
// big-endian, so each 32-bit word the kernel loads natively is stored
// big-endian at its offset.
func runFilter(t *testing.T, vm *bpf.VM, arch uint32, nr uintptr, args []uint64) uint32 {
	t.Helper()
	data := make([]byte, 64)
	binary.BigEndian.PutUint32(data[offsetNr:], uint32(nr))
	binary.BigEndian.PutUint32(data[offsetArch:], arch)
	for i, v := range args {
		binary.BigEndian.PutUint32(data[arg(uint32(i)):], uint32(v))
		binary.BigEndian.PutUint32(data[arg(uint32(i))+4:], uint32(v>>32))
	}
	got, err := vm.Run(data)
	if err != nil {
		t.Fatal(err)
	}
	return uint32(got)
}

func BenchmarkSeccompFilter(b *testing.B) {
	for range b.N {
		seccompFilter()
	}
}
