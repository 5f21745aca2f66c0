//go:build linux && (amd64 || arm64)

package sandbox

import (
	"encoding/binary"
	"testing"

	"golang.org/x/sys/unix"
)

// TestSeccompFilter runs the program through a small classic-BPF
// interpreter.
func TestSeccompFilter(t *testing.T) {
	prog := seccompFilter()
	deny, nosys := uint32(unix.SECCOMP_RET_ERRNO|uint32(unix.EPERM)), uint32(unix.SECCOMP_RET_ERRNO|uint32(unix.ENOSYS))
	for _, tc := range []struct {
		name string
		arch uint32
		nr   uintptr
		arg0 uint64
		want uint32
	}{
		{"read", auditArch, unix.SYS_READ, 0, unix.SECCOMP_RET_ALLOW},
		{"mount", auditArch, unix.SYS_MOUNT, 0, deny},
		{"unshare", auditArch, unix.SYS_UNSHARE, 0, deny},
		{"bpf", auditArch, unix.SYS_BPF, 0, deny},
		{"io_uring", auditArch, unix.SYS_IO_URING_SETUP, 0, deny},
		{"clone thread", auditArch, unix.SYS_CLONE, unix.CLONE_VM | unix.CLONE_THREAD, unix.SECCOMP_RET_ALLOW},
		{"clone userns", auditArch, unix.SYS_CLONE, unix.CLONE_NEWUSER | uint64(unix.SIGCHLD), deny},
		{"clone3", auditArch, unix.SYS_CLONE3, 0, nosys},
		{"foreign arch", 0x40000003, unix.SYS_READ, 0, unix.SECCOMP_RET_KILL_PROCESS},
	} {
		if got := runBPF(t, prog, tc.arch, tc.nr, tc.arg0); got != tc.want {
			t.Errorf("%s: %#x, want %#x", tc.name, got, tc.want)
		}
	}
	if x32Bit != 0 {
		if got := runBPF(t, prog, auditArch, x32Bit|unix.SYS_READ, 0); got != deny {
			t.Errorf("x32 read: %#x", got)
		}
	}
}

func runBPF(t *testing.T, prog []unix.SockFilter, arch uint32, nr uintptr, arg0 uint64) uint32 {
	data := make([]byte, 64)
	binary.LittleEndian.PutUint32(data[offsetNr:], uint32(nr))
	binary.LittleEndian.PutUint32(data[offsetArch:], arch)
	binary.LittleEndian.PutUint64(data[offsetArg0:], arg0)
	var acc uint32
	for pc := 0; pc < len(prog); pc++ {
		in := prog[pc]
		switch in.Code {
		case unix.BPF_LD | unix.BPF_W | unix.BPF_ABS:
			acc = binary.LittleEndian.Uint32(data[in.K:])
		case unix.BPF_RET | unix.BPF_K:
			return in.K
		case unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K:
			pc += jump(acc == in.K, in)
		case unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K:
			pc += jump(acc&in.K != 0, in)
		default:
			t.Fatalf("unexpected instruction %+v", in)
		}
	}
	t.Fatal("program fell off its end")
	return 0
}

func jump(cond bool, in unix.SockFilter) int {
	if cond {
		return int(in.Jt)
	}
	return int(in.Jf)
}
