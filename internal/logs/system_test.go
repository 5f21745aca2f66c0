package logs

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
)

type collect struct{ events []Event }

func (c *collect) Append(events []Event) { c.events = append(c.events, events...) }

func (c *collect) messages() []string {
	var out []string
	for _, e := range c.events {
		out = append(out, strings.TrimSuffix(e.Message, "\n"))
	}
	return out
}

func runInvocation(cfg lambda.LoggingConfig, r Report) []string {
	sink := &collect{}
	sys := NewSystem(NewStream(sink, "g", "s"), cfg)
	sys.InitStart(lambda.FunctionConfiguration{FunctionName: "f", Version: "$LATEST"}, "on-demand", "python:3.12", "arn:runtime")
	sys.Start(r.RequestID, "$LATEST")
	sys.Failed("RequestId: r1 Error: Runtime exited with error: exit status 1", "Runtime.ExitError")
	sys.End(r, 2)
	sys.Report(r)
	return sink.messages()
}

func TestSystemText(t *testing.T) {
	got := runInvocation(lambda.LoggingConfig{LogFormat: "Text"},
		Report{RequestID: "r1", Duration: 1500 * time.Microsecond, BilledMs: 2, MemoryMB: 128, MaxMemoryMB: 20, Status: "error", ErrorType: "Runtime.ExitError"})
	want := []string{
		"INIT_START Runtime Version: python:3.12\tRuntime Version ARN: arn:runtime",
		"START RequestId: r1 Version: $LATEST",
		"RequestId: r1 Error: Runtime exited with error: exit status 1",
		"Runtime.ExitError",
		"END RequestId: r1",
		"REPORT RequestId: r1\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\tStatus: error\tError Type: Runtime.ExitError\t",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSystemJSON(t *testing.T) {
	ok := Report{RequestID: "r1", Duration: 1234567 * time.Nanosecond, BilledMs: 2, MemoryMB: 128, MaxMemoryMB: 20, InitDuration: 50 * time.Millisecond}
	failed := ok
	failed.FunctionError = true
	cases := []struct {
		name  string
		level string
		r     Report
		want  string
	}{
		{"Info", "INFO", ok, "platform.initStart platform.start platform.report"},
		{"Debug", "DEBUG", ok, "platform.initStart platform.start platform.runtimeDone platform.report"},
		{"Warn", "WARN", ok, ""},
		{"WarnFailure", "WARN", failed, "platform.runtimeDone platform.report"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var types []string
			var last map[string]any
			for _, line := range runInvocation(lambda.LoggingConfig{LogFormat: "JSON", SystemLogLevel: c.level}, c.r) {
				if err := json.Unmarshal([]byte(line), &last); err != nil {
					t.Fatalf("%q: %v", line, err)
				}
				types = append(types, last["type"].(string))
			}
			if strings.Join(types, " ") != c.want {
				t.Fatalf("records %v, want %s", types, c.want)
			}
			if c.want == "" {
				return
			}
			rec := last["record"].(map[string]any)
			m := rec["metrics"].(map[string]any)
			if m["durationMs"] != 1.23 || m["billedDurationMs"] != 2.0 || m["initDurationMs"] != 50.0 || rec["requestId"] != "r1" {
				t.Errorf("platform.report %v", rec)
			}
			if want := map[bool]string{false: "success", true: "failure"}[c.r.FunctionError]; rec["status"] != want {
				t.Errorf("status %v, want %s", rec["status"], want)
			}
		})
	}
}
