package e2e

import (
	"bufio"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// leaky leaves a child process running after it answers, and reports the
// instance id that names its environment's sandbox and cgroup.
const leaky = `import os, subprocess
def handler(event, context):
    subprocess.Popen(["sleep", "1000"])
    if event.get("hold"):
        import time; time.sleep(event["hold"])
    return os.environ["AWS_LAMBDA_LOG_STREAM_NAME"].split("]")[1]
`

// TestNothingLeftBehind checks that retired environments and the server's
// shutdown leave no process and no cgroup of a function behind.
func TestNothingLeftBehind(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "leaky", "python3.12", "app.handler", map[string]string{"app.py": leaky}, nil)

	ids := make([]string, 2)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := invoke(t, s, "leaky", map[string]any{"hold": 1})
			ids[i] = strings.Trim(string(out.Payload), `"`)
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if len(cgroupsOf(id)) == 0 || len(processesOf(id)) < 2 {
			t.Fatalf("environment %s: cgroups %v, processes %v", id, cgroupsOf(id), processesOf(id))
		}
	}

	// A configuration change retires the environments of the old configuration.
	_, err := s.lambda().UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("leaky"), Description: aws.String("v2"),
	})
	if err != nil {
		t.Fatal(err)
	}
	waitGone(t, ids[0])
	waitGone(t, ids[1])

	id := strings.Trim(string(invoke(t, s, "leaky", map[string]any{}).Payload), `"`)
	if len(processesOf(id)) < 2 {
		t.Fatalf("new environment %s has no processes", id)
	}
	s.stop()
	if c, p := cgroupsOf(id), processesOf(id); len(c)+len(p) > 0 {
		t.Errorf("after shutdown: cgroups %v, processes %v", c, p)
	}
}

// waitGone waits until environment id has neither processes nor cgroups.
func waitGone(t *testing.T, id string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if len(cgroupsOf(id))+len(processesOf(id)) == 0 {
			return
		}
	}
	t.Errorf("environment %s left cgroups %v and processes %v", id, cgroupsOf(id), processesOf(id))
}

// cgroupsOf lists the cgroup directories named id, on cgroup v1 or v2, at
// any depth (a controller's sandboxes sit below the server's own cgroup).
func cgroupsOf(id string) []string {
	var dirs []string
	filepath.WalkDir("/sys/fs/cgroup", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if d.Name() == id {
			dirs = append(dirs, path)
			return filepath.SkipDir
		}
		if strings.Count(path, "/") > 9 {
			return filepath.SkipDir
		}
		return nil
	})
	return dirs
}

// processesOf lists the host processes in a cgroup named id.
func processesOf(id string) []string {
	var pids []string
	procs, _ := filepath.Glob("/proc/[0-9]*/cgroup")
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(data), "/"+id+"\n") {
			pids = append(pids, strings.Split(p, "/")[2])
		}
	}
	return pids
}

// TestLogsCommand checks `virga logs` and `virga logs --follow`.
func TestLogsCommand(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "talker", "python3.12", "app.handler", map[string]string{"app.py": "def handler(e, c):\n    print('said', e['n'])\n    print('two\\nlines')\n"}, nil)
	invoke(t, s, "talker", map[string]any{"n": 1})

	out, err := exec.Command(binary, "logs", "talker", "--data-dir", s.dataDir).CombinedOutput()
	if err != nil {
		t.Fatalf("virga logs: %v\n%s", err, out)
	}
	for _, want := range []string{"INIT_START Runtime Version: python:", "START RequestId: ", "said 1\n", "two\nlines\n", "END RequestId: ", "REPORT RequestId: "} {
		if !strings.Contains(string(out), want) {
			t.Errorf("virga logs lacks %q:\n%s", want, out)
		}
	}

	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	follow := exec.CommandContext(c, binary, "logs", "--follow", "--data-dir="+s.dataDir, "talker")
	stdout, _ := follow.StdoutPipe()
	if err := follow.Start(); err != nil {
		t.Fatal(err)
	}
	defer follow.Wait()
	defer cancel()
	invoke(t, s, "talker", map[string]any{"n": 2})
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if strings.Contains(lines.Text(), "said 2") {
			return
		}
	}
	t.Error("virga logs --follow never printed the second invocation's output")
}
