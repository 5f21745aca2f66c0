// Command goprobe is a provided.al2023 function that behaves as a hostile
// function would: it reports what it can see and do from inside its
// sandbox (descriptors, identity, capabilities, refused system calls and
// socket families, mounts, /dev, /proc, limits) so that the e2e tests can
// assert Virga's protections from where a function stands. Asked to, it
// forks children that ignore SIGTERM and outlives its timeout.
package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/aws/aws-lambda-go/lambda"
	"golang.org/x/sys/unix"
)

// fdsAtStart are the descriptors open when the runtime began.
var fdsAtStart = openFDs()

type event struct {
	// Stubborn names the children to fork, which ignore SIGTERM, before
	// hanging past the timeout.
	Stubborn string
	// Pids forks sleepers until the kernel refuses one.
	Pids bool
}

type report struct {
	FDs       []int
	UID       int
	Status    map[string]string
	Calls     map[string]string
	MountInfo string
	Dev       []string
	Proc      map[string]string
	Sys       string
	NoFile    [2]uint64
	TmpBytes  uint64
	Forked    int
	Threads   int
	ForkErr   string
}

func handle(ctx context.Context, e event) (report, error) {
	if e.Stubborn != "" {
		return report{}, stubborn(e.Stubborn)
	}
	if e.Pids {
		n, threads, err := forkUntilRefused()
		return report{Forked: n, Threads: threads, ForkErr: errText(err)}, nil
	}
	r := report{FDs: fdsAtStart, UID: os.Getuid(), Status: status(), Calls: calls(), Proc: proc(), Dev: dev()}
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	r.MountInfo = string(mi)
	_, err := os.Stat("/sys")
	r.Sys = errText(err)
	var lim unix.Rlimit
	_ = unix.Getrlimit(unix.RLIMIT_NOFILE, &lim)
	r.NoFile = [2]uint64{lim.Cur, lim.Max}
	var st unix.Statfs_t
	_ = unix.Statfs("/tmp", &st)
	r.TmpBytes = st.Blocks * uint64(st.Bsize)
	return r, nil
}

// openFDs lists the open descriptors with raw system calls: the os
// package would open the poller's own first.
func openFDs() []int {
	dir, err := unix.Open("/proc/self/fd", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(dir)
	buf := make([]byte, 4096)
	n, _ := unix.ReadDirent(dir, buf)
	_, _, names := unix.ParseDirent(buf[:n], -1, nil)
	var fds []int
	for _, name := range names {
		if fd, err := strconv.Atoi(name); err == nil && fd != dir {
			fds = append(fds, fd)
		}
	}
	return fds
}

func status() map[string]string {
	data, _ := os.ReadFile("/proc/self/status")
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out
}

// calls makes the system calls a hostile function would try, and says how
// each ended: "ok" or the error's name.
func calls() map[string]string {
	out := map[string]string{}
	try := func(name string, nr uintptr, args ...uintptr) {
		var a [6]uintptr
		copy(a[:], args)
		r, _, e := unix.RawSyscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5])
		if e == 0 && (nr == unix.SYS_CLONE || nr == unix.SYS_CLONE3) && r == 0 {
			unix.RawSyscall(unix.SYS_EXIT_GROUP, 0, 0, 0) // a child that should never have been
		}
		if e == 0 && nr == unix.SYS_SOCKET {
			unix.Close(int(r))
		}
		out[name] = errnoName(e)
	}
	try("unshare(CLONE_NEWUSER)", unix.SYS_UNSHARE, unix.CLONE_NEWUSER)
	try("unshare(CLONE_NEWNS)", unix.SYS_UNSHARE, unix.CLONE_NEWNS)
	try("clone(CLONE_NEWUSER)", unix.SYS_CLONE, unix.CLONE_NEWUSER|uintptr(unix.SIGCHLD))
	args := cloneArgs{flags: unix.CLONE_NEWUSER, exitSignal: uint64(unix.SIGCHLD)}
	try("clone3(CLONE_NEWUSER)", unix.SYS_CLONE3, uintptr(unsafe.Pointer(&args)), unsafe.Sizeof(args))
	try("socket(AF_PACKET)", unix.SYS_SOCKET, unix.AF_PACKET, unix.SOCK_RAW, 0)
	try("socket(AF_VSOCK)", unix.SYS_SOCKET, unix.AF_VSOCK, unix.SOCK_STREAM, 0)
	try("socket(AF_ALG)", unix.SYS_SOCKET, unix.AF_ALG, unix.SOCK_SEQPACKET, 0)
	try("socket(AF_NETLINK, NETLINK_AUDIT)", unix.SYS_SOCKET, unix.AF_NETLINK, unix.SOCK_RAW, unix.NETLINK_AUDIT)
	try("socket(AF_NETLINK, NETLINK_ROUTE)", unix.SYS_SOCKET, unix.AF_NETLINK, unix.SOCK_RAW, unix.NETLINK_ROUTE)
	try("socket(AF_INET6)", unix.SYS_SOCKET, unix.AF_INET6, unix.SOCK_STREAM, 0)
	try("socket(AF_UNIX)", unix.SYS_SOCKET, unix.AF_UNIX, unix.SOCK_DGRAM, 0)
	var params [120]byte
	try("io_uring_setup", unix.SYS_IO_URING_SETUP, 1, uintptr(unsafe.Pointer(&params)))
	try("bpf", unix.SYS_BPF, unix.BPF_PROG_LOAD, 0, 0)
	try("keyctl", unix.SYS_KEYCTL, unix.KEYCTL_GET_KEYRING_ID, uintptr(^uint32(3)), 0) // the session keyring
	var attr unix.PerfEventAttr
	attr.Size = uint32(unsafe.Sizeof(attr))
	try("perf_event_open", unix.SYS_PERF_EVENT_OPEN, uintptr(unsafe.Pointer(&attr)), 0, ^uintptr(0), ^uintptr(0), 0)
	try("userfaultfd", unix.SYS_USERFAULTFD, 0)
	tmp, tmpfs := []byte("/tmp\x00"), []byte("tmpfs\x00")
	try("mount", unix.SYS_MOUNT, uintptr(unsafe.Pointer(&tmpfs[0])), uintptr(unsafe.Pointer(&tmp[0])), uintptr(unsafe.Pointer(&tmpfs[0])), 0, 0)
	try("ptrace", unix.SYS_PTRACE, unix.PTRACE_TRACEME)
	try("personality(ADDR_NO_RANDOMIZE)", unix.SYS_PERSONALITY, 0x0040000)
	try("personality(query)", unix.SYS_PERSONALITY, 0xffffffff)
	return out
}

// cloneArgs is the start of struct clone_args (CLONE_ARGS_SIZE_VER0).
type cloneArgs struct {
	flags, pidfd, childTID, parentTID, exitSignal, stack, stackSize, tls uint64
}

func errnoName(e syscall.Errno) string {
	if e == 0 {
		return "ok"
	}
	return unix.ErrnoName(e)
}

// dev lists /dev: a name per entry, with "@" after a symbolic link.
func dev() []string {
	entries, _ := os.ReadDir("/dev")
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.Type()&os.ModeSymlink != 0 {
			name += "@"
		}
		out = append(out, name)
	}
	return out
}

// proc says what reading the masked parts of /proc, and writing a kernel
// setting, give.
func proc() map[string]string {
	out := map[string]string{}
	for _, p := range []string{"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/interrupts", "/proc/sched_debug"} {
		data, err := os.ReadFile(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			out[p] = "absent"
		case err != nil:
			out[p] = "refused"
		default:
			out[p] = strconv.Itoa(len(data)) + " bytes"
		}
	}
	f, err := os.OpenFile("/proc/sys/kernel/hostname", os.O_WRONLY, 0)
	if err == nil {
		f.Close()
	}
	out["write /proc/sys"] = errText(err)
	return out
}

// stubborn forks children that ignore SIGTERM, marked so that the host can
// find them, then outlives its timeout.
func stubborn(mark string) error {
	for range 3 {
		cmd := exec.Command("/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done", mark)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			return err
		}
	}
	time.Sleep(time.Hour)
	return nil
}

// forkUntilRefused starts sleepers until one fails, then ends them. It
// returns how many it started and how many threads the probe had then.
// (syscall.ForkExec holds no descriptor per child, as os/exec does.)
func forkUntilRefused() (int, int, error) {
	var pids []int
	defer func() {
		for _, pid := range pids {
			unix.Kill(pid, unix.SIGKILL)
			unix.Wait4(pid, nil, 0, nil)
		}
	}()
	attr := &syscall.ProcAttr{Files: []uintptr{0, 1, 2}}
	for len(pids) < 2000 {
		pid, err := syscall.ForkExec("/bin/sleep", []string{"sleep", "60"}, attr)
		if err != nil {
			tasks, _ := os.ReadDir("/proc/self/task")
			return len(pids), len(tasks), err
		}
		pids = append(pids, pid)
	}
	return len(pids), 0, nil
}

func errText(err error) string {
	var errno syscall.Errno
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &errno):
		return unix.ErrnoName(errno)
	}
	return err.Error()
}

func main() {
	lambda.Start(handle)
}
