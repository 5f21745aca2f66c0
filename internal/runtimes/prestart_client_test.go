package runtimes

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// prestarted makes cmd start as in a pre-started sandbox: with only the
// environment a spare has, in /, and its function's environment and
// directory as the claim on its standard input.
func prestarted(t testing.TB, cmd *exec.Cmd) {
	line, err := json.Marshal(map[string]any{"env": cmd.Env, "dir": cmd.Dir})
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = bytes.NewReader(append(line, '\n'))
	cmd.Env, cmd.Dir = []string{"PATH=" + os.Getenv("PATH"), "TZ=America/New_York", PrestartEnv}, "/"
}

const prestartPythonHandler = `import os, time
SEEN = {"color": os.environ.get("COLOR"), "cwd": os.getcwd(), "waiting": os.environ.get("_VIRGA_PRESTART"), "tz": time.tzname[0]}
def handler(event, context):
    return SEEN
`

const prestartNodeHandler = `const seen = {color: process.env.COLOR, cwd: process.cwd(), waiting: process.env._VIRGA_PRESTART ?? null,
  tz: new Date(Date.UTC(2024, 0, 1, 12)).getHours() === 12 ? 'UTC' : 'other'};
exports.handler = async () => seen;
`

// TestPrestartedClients claims waiting clients: what the handler's init
// sees is the function's environment (and what derives from it: the time
// zone) and directory, not the spare's.
func TestPrestartedClients(t *testing.T) {
	for _, tc := range []struct{ lang, file, code string }{
		{"python", "h.py", prestartPythonHandler},
		{"node", "h.js", prestartNodeHandler},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			c := startClient(t, tc.lang, spec{handler: "h.handler", files: map[string]string{tc.file: tc.code}, env: []string{"COLOR=green"}, prestart: true})
			p := c.invoke(t, `{}`)
			var got map[string]any
			if err := json.Unmarshal(p.body, &got); err != nil {
				t.Fatalf("%s: %q", p.kind, p.body)
			}
			want := map[string]any{"color": "green", "cwd": c.task, "waiting": nil, "tz": "UTC"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
		})
	}
}
