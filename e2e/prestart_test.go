package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// What a function saw at init: its environment, /var/task, its working
// directory, and how many mounts /var/task has (two in a pre-started
// sandbox: the attach point and the code on it; one otherwise).
const prestartPython = `import os, time
SEEN = {"color": os.environ.get("COLOR"), "name": os.environ.get("AWS_LAMBDA_FUNCTION_NAME"),
        "task": sorted(os.listdir("/var/task")), "cwd": os.getcwd(), "waiting": os.environ.get("_VIRGA_PRESTART"),
        "tz": time.tzname[0], "mounts": sum(1 for l in open("/proc/self/mountinfo") if l.split()[4] == "/var/task")}
def handler(event, context):
    return SEEN
`

const prestartNode = `const fs = require('fs');
const seen = {color: process.env.COLOR, name: process.env.AWS_LAMBDA_FUNCTION_NAME,
  task: fs.readdirSync('/var/task').sort(), cwd: process.cwd(), waiting: process.env._VIRGA_PRESTART,
  tz: process.env.TZ, mounts: fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(l => l.split(' ')[4] === '/var/task').length};
exports.handler = async () => seen;
`

// TestPrestartedRuntimes shows Python and Node.js functions started from
// pre-started sandboxes seeing their own environment and code, reporting
// their init, and two functions never sharing a sandbox.
func TestPrestartedRuntimes(t *testing.T) {
	s := startServer(t, "--prestarted-runtimes", "2")
	for _, rt := range []struct{ name, runtime, handler, file, code string }{
		{"Python", "python3.12", "app.handler", "app.py", prestartPython},
		{"Node", "nodejs22.x", "index.handler", "index.js", prestartNode},
	} {
		t.Run(rt.name, func(t *testing.T) {
			first := prestartedFunction(t, s, rt.runtime, rt.handler, rt.file, rt.code, "red")
			second := prestartedFunction(t, s, rt.runtime, rt.handler, rt.file, rt.code, "blue")
			if first == second {
				t.Fatal("two functions started in the same sandbox")
			}
		})
	}
}

// prestartedFunction creates functions until one starts from a pre-started
// sandbox (the first cold start of a runtime starts its spares), checks
// what it saw, and returns its name.
func prestartedFunction(t *testing.T, s *server, runtime, handler, file, code, color string) string {
	t.Helper()
	for i := range 30 {
		name := fmt.Sprintf("pre-%s-%s-%d", strings.ReplaceAll(runtime, ".", ""), color, i)
		files := map[string]string{file: code, color + ".txt": color}
		createFn(t, s, name, runtime, handler, files, func(in *lambda.CreateFunctionInput) {
			in.Environment = &types.Environment{Variables: map[string]string{"COLOR": color}}
		})
		waitActive(t, s.lambda(), name)
		out := invoke(t, s, name, map[string]any{})
		seen := decode(t, out)
		if seen["mounts"] != float64(2) {
			time.Sleep(300 * time.Millisecond) // give the spares time to start
			continue
		}
		want := map[string]any{"color": color, "name": name, "cwd": "/var/task", "waiting": nil}
		for k, v := range want {
			if seen[k] != v {
				t.Errorf("%s saw %s = %v, want %v", name, k, seen[k], v)
			}
		}
		if task := fmt.Sprint(seen["task"]); task != fmt.Sprintf("[%s %s]", min(file, color+".txt"), max(file, color+".txt")) {
			t.Errorf("%s saw /var/task %s", name, task)
		}
		if tail := logTail(t, out); !strings.Contains(tail, "Init Duration: ") {
			t.Errorf("%s reported no Init Duration:\n%s", name, tail)
		}
		return name
	}
	t.Fatalf("no %s function started from a pre-started sandbox", runtime)
	return ""
}
