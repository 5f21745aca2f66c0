package pool

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/virga-dev/virga/internal/extensions"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logs"
)

// launchExtensions starts every executable in /opt/extensions, then execs
// the runtime: the runtime stays the sandbox's PID 1, and the extensions
// end with it.
const launchExtensions = `for e in /opt/extensions/*; do if [ -f "$e" ] && [ -x "$e" ]; then "$e" & fi; done; exec "$@"`

// shutdownBudget is how long extensions get to finish after SHUTDOWN.
const shutdownBudget = 2 * time.Second

// extensionSet is an environment's external extensions and the telemetry
// they may subscribe to.
type extensionSet struct {
	names []string // file names in /opt/extensions
	reg   *extensions.Registry
	tel   *extensions.Telemetry
}

// findExtensions lists the executables in optDir/extensions.
func findExtensions(optDir string) []string {
	if optDir == "" {
		return nil
	}
	entries, err := os.ReadDir(filepath.Join(optDir, "extensions"))
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0 {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// withExtensions wraps a runtime's command line with the extension launcher.
func withExtensions(argv []string) []string {
	return append([]string{"/bin/sh", "-c", launchExtensions, "extensions"}, argv...)
}

// newExtensionSet prepares the registry and telemetry of an environment
// whose /opt holds extensions; they exist before anything reads them.
func newExtensionSet(names []string, e *Env, account string) *extensionSet {
	tel := extensions.NewTelemetry(func(addr string) (net.Conn, error) { return e.sb.Dial(addr) })
	reg := extensions.NewRegistry(extensions.Info{
		FunctionName: e.cfg.FunctionName, FunctionVersion: e.cfg.Version, Handler: e.cfg.Handler, AccountID: account,
	}, tel)
	return &extensionSet{names: names, reg: reg, tel: tel}
}

// serveExtensions mounts the Extensions and Telemetry APIs beside the
// environment's Runtime API; it must run before the runtime starts.
func (e *Env) serveExtensions() {
	if e.ext == nil {
		return
	}
	for pattern, h := range e.ext.reg.Routes() {
		e.api.Handle(pattern, h)
	}
	e.emit("platform.initStart", map[string]any{"initializationType": e.initType, "phase": "init",
		"functionName": e.cfg.FunctionName, "functionVersion": e.cfg.Version})
}

// awaitExtensions waits for every extension to register and call next.
func (e *Env) awaitExtensions(ctx context.Context) error {
	if e.ext == nil {
		return nil
	}
	return e.ext.reg.AwaitReady(ctx, e.ext.names, func(name string) bool {
		return e.sb.Running("/opt/extensions/" + name)
	})
}

// emit sends a platform event to telemetry subscribers, if any may exist.
func (e *Env) emit(typ string, record any) {
	if e.ext != nil {
		e.ext.tel.Emit(typ, record)
	}
}

// extensionsInvoke sends INVOKE to the extensions.
func (e *Env) extensionsInvoke(inv lambda.Invocation, deadline time.Time, invokedARN string) {
	if e.ext != nil && e.ext.reg != nil {
		e.ext.reg.Invoke(extensions.InvokeEvent{RequestID: inv.RequestID, InvokedFunctionARN: invokedARN, TraceID: inv.TraceID, Deadline: deadline})
	}
}

// extensionsSettle waits, until the function's deadline, for the
// extensions to finish with an invocation; false means the environment
// cannot be reused (an extension crashed or overran).
func (e *Env) extensionsSettle(ctx context.Context, deadline time.Time) bool {
	if e.ext == nil {
		return true
	}
	dctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	return e.ext.reg.AwaitIdle(dctx) == nil
}

// shutdownExtensions sends SHUTDOWN and gives the extensions their budget.
func (e *Env) shutdownExtensions() {
	if e.ext == nil {
		return
	}
	if e.ext.reg.Registered() && !e.exited() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownBudget)
		e.ext.reg.Shutdown(ctx, "spindown")
		cancel()
	}
	e.ext.reg.Close()
	e.ext.tel.Close()
}

// initDone reports the init phase to telemetry subscribers and stops
// keeping events for subscriptions made later.
func (e *Env) initDone() {
	if e.ext == nil {
		return
	}
	status := "success"
	if e.initFailure != nil {
		status = "error"
	}
	e.emit("platform.initRuntimeDone", map[string]any{"initializationType": e.initType, "phase": "init", "status": status})
	e.emit("platform.initReport", map[string]any{"initializationType": e.initType, "phase": "init", "status": status,
		"metrics": map[string]any{"durationMs": millis(e.initDuration)}})
	e.ext.tel.EndInit()
}

// invokeDone reports an invocation's end to telemetry subscribers.
func (e *Env) invokeDone(requestID string, report logs.Report, producedBytes int) {
	if e.ext == nil {
		return
	}
	status := report.Status
	if status == "" {
		status = "success"
	}
	e.emit("platform.runtimeDone", map[string]any{"requestId": requestID, "status": status,
		"metrics": map[string]any{"durationMs": millis(report.Duration), "producedBytes": producedBytes}})
	metrics := map[string]any{"durationMs": millis(report.Duration), "billedDurationMs": report.BilledMs,
		"memorySizeMB": report.MemoryMB, "maxMemoryUsedMB": report.MaxMemoryMB}
	if report.InitDuration > 0 {
		metrics["initDurationMs"] = millis(report.InitDuration)
	}
	e.emit("platform.report", map[string]any{"requestId": requestID, "status": status, "metrics": metrics})
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
