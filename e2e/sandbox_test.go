package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// probeReport is what e2e/functions/goprobe saw from inside its sandbox.
type probeReport struct {
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

// TestSandboxHolds runs a probe function in a real sandbox, on a server
// that inherited descriptors it must not pass on, and asserts from inside
// what a hostile function can see and do (docs/security.md).
func TestSandboxHolds(t *testing.T) {
	t.Parallel()
	s := &server{t: t, dataDir: t.TempDir(), inherit: []*os.File{openNull(t), openNull(t)}}
	s.start()
	t.Cleanup(s.stop)
	code := map[string]string{"bootstrap": buildGoFunction(t, "./functions/goprobe")}
	createFn(t, s, "probe", "provided.al2023", "probe", code,
		func(in *lambda.CreateFunctionInput) {
			in.MemorySize, in.Timeout = aws.Int32(1024), aws.Int32(30)
			in.EphemeralStorage = &types.EphemeralStorage{Size: aws.Int32(600)}
		})
	var r probeReport
	runProbe(t, s, map[string]any{}, &r)

	t.Run("Descriptors", func(t *testing.T) {
		if !slices.Equal(r.FDs, []int{0, 1, 2}) {
			t.Errorf("descriptors at exec: %v", r.FDs)
		}
	})
	t.Run("Identity", func(t *testing.T) {
		if r.UID == 0 {
			t.Error("the function runs as root")
		}
		want := map[string]string{"CapEff": "0000000000000000", "CapPrm": "0000000000000000", "CapBnd": "0000000000000000",
			"CapAmb": "0000000000000000", "CapInh": "0000000000000000", "NoNewPrivs": "1", "Seccomp": "2"}
		for k, v := range want {
			if r.Status[k] != v {
				t.Errorf("%s: %q, want %q", k, r.Status[k], v)
			}
		}
	})
	t.Run("SystemCalls", func(t *testing.T) {
		want := map[string]string{
			"unshare(CLONE_NEWUSER)": "EPERM", "unshare(CLONE_NEWNS)": "EPERM", "clone(CLONE_NEWUSER)": "EPERM", "clone3(CLONE_NEWUSER)": "ENOSYS",
			"socket(AF_PACKET)": "EAFNOSUPPORT", "socket(AF_VSOCK)": "EAFNOSUPPORT", "socket(AF_ALG)": "EAFNOSUPPORT",
			"socket(AF_NETLINK, NETLINK_AUDIT)": "EPROTONOSUPPORT", "socket(AF_NETLINK, NETLINK_ROUTE)": "ok",
			"socket(AF_INET6)": "ok", "socket(AF_UNIX)": "ok",
			"io_uring_setup": "EPERM", "bpf": "EPERM", "keyctl": "EPERM", "perf_event_open": "EPERM", "userfaultfd": "EPERM",
			"mount": "EPERM", "ptrace": "EPERM", "personality(ADDR_NO_RANDOMIZE)": "EPERM", "personality(query)": "ok",
		}
		for call, errno := range want {
			if r.Calls[call] != errno {
				t.Errorf("%s: %q, want %q", call, r.Calls[call], errno)
			}
		}
	})
	t.Run("MountTable", func(t *testing.T) { checkMountTable(t, r.MountInfo, s.dataDir) })
	t.Run("Dev", func(t *testing.T) {
		want := []string{"fd@", "full", "null", "random", "shm", "stderr@", "stdin@", "stdout@", "urandom", "zero"}
		if !slices.Equal(r.Dev, want) {
			t.Errorf("/dev: %v, want %v", r.Dev, want)
		}
	})
	t.Run("ProcAndSys", func(t *testing.T) {
		for p, got := range r.Proc {
			if want := "refused"; p != "write /proc/sys" && got != want && got != "absent" {
				t.Errorf("%s: %s", p, got)
			}
		}
		if r.Proc["write /proc/sys"] != "EROFS" || r.Sys != "ENOENT" {
			t.Errorf("write /proc/sys: %s; /sys: %s", r.Proc["write /proc/sys"], r.Sys)
		}
	})
	t.Run("Limits", func(t *testing.T) {
		if r.NoFile != [2]uint64{1024, 1024} || r.TmpBytes != 600<<20 {
			t.Errorf("RLIMIT_NOFILE %v, /tmp %d bytes", r.NoFile, r.TmpBytes)
		}
		var p probeReport
		runProbe(t, s, map[string]any{"pids": true}, &p)
		if p.ForkErr != "EAGAIN" || p.Forked+p.Threads != 1024 {
			t.Errorf("forked %d beside %d threads, then %s; want 1024 tasks, then EAGAIN", p.Forked, p.Threads, p.ForkErr)
		}
	})
	t.Run("NothingLeftBehind", func(t *testing.T) { checkNothingLeft(t, s, code) })
	t.Run("SelfReport", func(t *testing.T) { checkSelfReport(t, s) })
}

// checkSelfReport reads the protections the server logged once at start
// and reports in its health check.
func checkSelfReport(t *testing.T, s *server) {
	if n := strings.Count(s.logs.String(), `msg="sandbox protections"`); n != 1 {
		t.Errorf("the server logged its protections %d times", n)
	}
	resp, err := http.Get(s.endpoint + "/_virga/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct {
		Status  string
		Sandbox struct {
			Seccomp     bool
			Cgroup      string
			Controllers []string
			LandlockABI *int
			Unenforced  []string
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	sb := h.Sandbox
	if h.Status != "ok" || !sb.Seccomp || sb.Cgroup == "" || !slices.Equal(sb.Controllers, []string{"memory", "cpu", "pids"}) ||
		sb.LandlockABI == nil || sb.Unenforced == nil {
		t.Errorf("health: %+v", h)
	}
}

// checkMountTable asserts mountinfo's invariants: a tmpfs root; every mount
// read-only but /tmp and /dev/shm; nosuid everywhere and nodev but on the
// device nodes; private propagation; no path of the data directory.
func checkMountTable(t *testing.T, mountinfo, dataDir string) {
	if strings.Contains(mountinfo, dataDir) {
		t.Errorf("mountinfo shows the data directory %s:\n%s", dataDir, mountinfo)
	}
	devices := []string{"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"}
	for i, line := range strings.Split(strings.TrimSpace(mountinfo), "\n") {
		f := strings.Fields(line)
		sep := slices.Index(f, "-")
		point, opts := f[4], strings.Split(f[5], ",")
		if i == 0 && (point != "/" || f[sep+1] != "tmpfs") {
			t.Errorf("root: %s", line)
		}
		if slices.Contains(opts, "ro") == (point == "/tmp" || point == "/dev/shm") {
			t.Errorf("%s: %v", point, opts)
		}
		if !slices.Contains(opts, "nosuid") || slices.Contains(opts, "nodev") == slices.Contains(devices, point) {
			t.Errorf("%s: %v", point, opts)
		}
		for _, tag := range f[6:sep] {
			if strings.HasPrefix(tag, "shared:") || strings.HasPrefix(tag, "master:") {
				t.Errorf("%s: propagation %s", point, tag)
			}
		}
	}
}

// checkNothingLeft times out a function that forked children ignoring
// SIGTERM, then looks on the host for its processes, its mount namespace
// and its cgroups.
func checkNothingLeft(t *testing.T, s *server, code map[string]string) {
	createFn(t, s, "stubborn", "provided.al2023", "probe", code,
		func(in *lambda.CreateFunctionInput) { in.Timeout = aws.Int32(2) })
	mark := "virga-stubborn-" + filepath.Base(s.dataDir)
	done := make(chan *lambda.InvokeOutput, 1)
	start := time.Now()
	go func() {
		data, _ := json.Marshal(map[string]string{"stubborn": mark})
		out, _ := s.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("stubborn"), Payload: data})
		done <- out
	}()
	pids := waitProcesses(t, mark, 3)
	mntns, _ := os.Readlink(filepath.Join("/proc", pids[0], "ns/mnt"))
	cgroups := cgroupDirs(t, pids[0])
	out := <-done
	if out == nil {
		t.Fatal("invoke failed")
	}
	wantFunctionError(t, out, "Sandbox.Timedout", "Task timed out after 2.00 seconds")
	if d := time.Since(start); d < 2*time.Second || d > 5*time.Second {
		t.Errorf("timed out after %v, want 2s", d)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		left := leftBehind(mark, mntns, cgroups)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("left behind: %v", left)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitProcesses waits for n host processes whose command line holds mark.
func waitProcesses(t *testing.T, mark string, n int) []string {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if pids := marked(mark); len(pids) >= n {
			return pids
		}
	}
	t.Fatalf("the function's %d children never ran", n)
	return nil
}

func marked(mark string) []string {
	var pids []string
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		if cmd, _ := os.ReadFile(d + "/cmdline"); strings.Contains(string(cmd), mark) {
			pids = append(pids, filepath.Base(d))
		}
	}
	return pids
}

// cgroupDirs are the memory and pids cgroup directories of process pid (on
// cgroup v1), or its cgroup v2 directory.
func cgroupDirs(t *testing.T, pid string) []string {
	data, err := os.ReadFile(filepath.Join("/proc", pid, "cgroup"))
	if err != nil {
		t.Fatal(err)
	}
	var v1, v2 []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		switch {
		case parts[2] == "/":
		case parts[1] == "":
			v2 = append(v2, filepath.Join("/sys/fs/cgroup", parts[2]))
		case parts[1] == "memory" || parts[1] == "pids":
			v1 = append(v1, filepath.Join("/sys/fs/cgroup", parts[1], parts[2]))
		}
	}
	if len(v1) == 0 {
		v1 = v2
	}
	if len(v1) == 0 {
		t.Fatalf("process %s is in no sandbox cgroup: %s", pid, data)
	}
	return v1
}

// leftBehind lists what remains of the environment: marked processes,
// processes in its mount namespace, its cgroup directories.
func leftBehind(mark, mntns string, cgroups []string) []string {
	var left []string
	for _, pid := range marked(mark) {
		left = append(left, "process "+pid)
	}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		if ns, _ := os.Readlink(d + "/ns/mnt"); ns == mntns {
			left = append(left, "mount namespace of "+d)
		}
	}
	for _, dir := range cgroups {
		if _, err := os.Stat(dir); err == nil {
			left = append(left, "cgroup "+dir)
		}
	}
	return left
}

func runProbe(t *testing.T, s *server, event map[string]any, into *probeReport) {
	t.Helper()
	out := invoke(t, s, "probe", event)
	if out.FunctionError != nil {
		t.Fatalf("probe failed: %s", out.Payload)
	}
	if err := json.Unmarshal(out.Payload, into); err != nil {
		t.Fatalf("probe answered %s", out.Payload)
	}
}

func openNull(t *testing.T) *os.File {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// buildGoFunction builds a Go function of e2e/functions as a bootstrap.
func buildGoFunction(t *testing.T, pkg string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bootstrap")
	build := exec.Command("go", "build", "-o", bin, pkg)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", pkg, err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
