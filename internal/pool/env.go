package pool

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/extensions"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logs"
	"github.com/virga-dev/virga/internal/network"
	"github.com/virga-dev/virga/internal/runtimeapi"
	"github.com/virga-dev/virga/internal/sandbox"
)

// Env is one execution environment: a sandbox, the Runtime API it talks
// to, and its log stream.
type Env struct {
	id, key, slot string
	arn           string
	cfg           lambda.FunctionConfiguration
	sb            *sandbox.Sandbox
	api           *runtimeapi.Server
	stream        *logs.Stream
	sys           logs.System // platform events, in the function's log format
	out           *capture

	initDuration time.Duration
	initFailure  *initFailure // set when init failed; the first invocation reports it
	invoked      bool
	lastUsed     time.Time
	target       *target // the provisioned concurrency it serves; guarded by Pool.mu
	ext          *extensionSet
	initType     string
	credsExpire  time.Time    // when its role credentials end; zero without any
	endpointLn   net.Listener // Virga's endpoint inside the sandbox
	network      network.Policy
	link         io.Closer // the sandbox's outbound interface, attached
	destroyOnce  sync.Once
	started      bool // start is done with it; under the pool's mu
}

type initFailure struct {
	errorType string
	payload   []byte
	status    string // REPORT status: "error" or "timeout"
	// byRequest, when set, words the payload for the invocation that
	// reports the failure: AWS's text names its request id.
	byRequest func(requestID string) failure
}

// payloadFor is the error payload the invocation requestID answers with.
func (f *initFailure) payloadFor(requestID string) []byte {
	if f.byRequest != nil {
		return f.byRequest(requestID).payload()
	}
	return f.payload
}

// requestFailure is an init failure whose words name the request id.
func requestFailure(words func(requestID string) failure) *initFailure {
	f := words("")
	return &initFailure{errorType: f.ErrorType, payload: f.payload(), status: "error", byRequest: words}
}

// start makes a new environment and runs the function's init. Init failures
// are not errors: they are reported by the invocation that needed the
// environment, as on AWS.
func (p *Pool) start(ctx context.Context, fn Function, initType string) (*Env, error) {
	cfg := fn.Config
	env := &Env{id: newID(), key: versionKey(fn), slot: cfg.FunctionName + ":" + cfg.Version, arn: fn.ARN, cfg: cfg, network: fn.Network}
	env.stream = logs.NewStream(p.logs, cfg.LoggingConfig.LogGroup, logs.StreamName(time.Now(), cfg.Version, env.id))
	env.sys = logs.NewSystem(env.stream, cfg.LoggingConfig)
	p.mu.Lock()
	p.all[env] = struct{}{}
	p.mu.Unlock()

	spec, fail, err := p.spec(ctx, fn, env, initType)
	if err != nil {
		p.destroy(env)
		return nil, err
	}
	if fail != nil {
		env.initFailure = fail
		return p.started(env)
	}
	if names := findExtensions(spec.OptDir); len(names) > 0 {
		env.ext = newExtensionSet(names, env, p.cfg.Account)
		spec.Argv = withExtensions(spec.Argv)
		spec.Prestart = false
	}
	env.initType = initType
	if err := p.boot(ctx, env, spec); err != nil {
		p.destroy(env)
		return nil, err
	}
	return p.started(env)
}

// errClosed is what a start that ends after the pool closed returns.
var errClosed = errors.New("the environment pool is closed")

// started hands a started environment over to the pool, which from then on
// may destroy it from any goroutine; one that a closed pool skipped while
// it started is destroyed here.
func (p *Pool) started(env *Env) (*Env, error) {
	p.mu.Lock()
	closed := p.closed
	env.started = !closed
	p.mu.Unlock()
	if closed {
		p.destroy(env)
		return nil, errClosed
	}
	return env, nil
}

// spec describes the sandbox of fn, or the init failure that prevents it.
func (p *Pool) spec(ctx context.Context, fn Function, env *Env, initType string) (sandbox.Spec, *initFailure, error) {
	codeDir, err := p.code.Dir(ctx, fn.CodeBlob)
	if err != nil {
		return sandbox.Spec{}, nil, fmt.Errorf("prepare code: %w", err)
	}
	optDir, err := p.code.OptDir(ctx, fn.LayerBlobs)
	if err != nil {
		return sandbox.Spec{}, nil, fmt.Errorf("prepare layers: %w", err)
	}
	launch, err := p.runtimes.Launch(fn.Config.Runtime)
	if err != nil {
		return sandbox.Spec{}, requestFailure(func(id string) failure { return invalidEntrypoint(id, err.Error()) }), nil
	}
	if isProvided(fn.Config.Runtime) {
		entry, ok := bootstrap(codeDir, optDir)
		if !ok {
			f := failure{"Runtime.InvalidEntrypoint", "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]"}
			return sandbox.Spec{}, &initFailure{errorType: f.ErrorType, payload: f.payload(), status: "error"}, nil
		}
		launch.Argv = []string{entry}
	}
	env.sys.InitStart(fn.Config, initType, launch.Version, launch.VersionARN)
	vars := environ(fn.Config, p.cfg.Region, env.stream.Name(), initType, launch.Env, p.platformEnv(ctx, env))
	return sandbox.Spec{
		ID:            env.id,
		CodeDir:       codeDir,
		OptDir:        optDir,
		RuntimeDir:    p.cfg.RuntimeDir,
		ReadOnlyPaths: launch.ReadOnlyPaths,
		MemoryMB:      fn.Config.MemorySize,
		TmpMB:         fn.Config.EphemeralStorage.Size,
		Argv:          launch.Argv,
		Env:           vars,
		Dir:           "/var/task",
		Network:       fn.Network.Outbound() && p.cfg.Egress != nil,
		Prestart:      launch.Prestartable(vars),
	}, nil, nil
}

// bootstrap is the program a provided runtime starts, as Lambda chooses it:
// the function's own bootstrap, else one a layer provides.
func bootstrap(codeDir, optDir string) (string, bool) {
	switch {
	case executable(filepath.Join(codeDir, "bootstrap")):
		return "/var/task/bootstrap", true
	case optDir != "" && executable(filepath.Join(optDir, "bootstrap")):
		return "/opt/bootstrap", true
	}
	return "", false
}

func executable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

// boot launches the sandbox and waits for init to finish.
func (p *Pool) boot(ctx context.Context, env *Env, spec sandbox.Spec) error {
	select {
	case p.launching <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("wait to launch a sandbox: %w", ctx.Err())
	}
	begin, err := p.launch(ctx, env, spec)
	<-p.launching
	if err != nil {
		return err
	}
	go func() {
		<-env.sb.Done()
		env.api.Close()
	}()
	env.awaitInit(ctx, p.cfg.InitTimeout)
	env.initDuration = time.Since(begin)
	env.initDone()
	return nil
}

// launch creates the sandbox, serves its Runtime API and starts the
// runtime, returning when it started it: where Init Duration begins.
func (p *Pool) launch(ctx context.Context, env *Env, spec sandbox.Spec) (time.Time, error) {
	out, err := newCapture(env.stream)
	if err != nil {
		return time.Time{}, fmt.Errorf("output pipe: %w", err)
	}
	env.out = out
	out.dst = io.MultiWriter(env.stream, &outputLines{line: func(line []byte) { p.outputLine(env, line) }})
	spec.Stdout, spec.Stderr = out.w, out.w
	env.sb, err = p.sandboxes.Create(ctx, spec)
	if err == nil {
		err = out.adopt(env.sb.Output())
	}
	go out.run()
	if err != nil {
		return time.Time{}, fmt.Errorf("create sandbox: %w", err)
	}
	if err := p.attach(env, spec.Network); err != nil {
		return time.Time{}, err
	}
	ln, err := env.sb.Listen(RuntimeAPIAddr)
	if err != nil {
		return time.Time{}, fmt.Errorf("runtime api listener: %w", err)
	}
	if err := p.serveEndpoint(env); err != nil {
		return time.Time{}, err
	}
	env.api = runtimeapi.New(lambda.MaxResponsePayload)
	env.serveExtensions()
	go env.api.Serve(ln)
	begin := time.Now()
	if err := env.sb.Start(); err != nil {
		return time.Time{}, fmt.Errorf("start runtime: %w", err)
	}
	out.closeWriter()
	return begin, nil
}

// awaitInit waits for the runtime's first `next`, an init error, an exit or
// the init timeout.
func (e *Env) awaitInit(ctx context.Context, limit time.Duration) {
	ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), limit)
	defer cancel()
	err := e.api.WaitInit(ictx)
	if err == nil {
		err = e.awaitExtensions(ictx)
	}
	if err == nil {
		return
	}
	var xf *extensions.Failure
	if errors.As(err, &xf) {
		f := failure{xf.ErrorType, xf.Message}
		e.initFailure = &initFailure{errorType: f.ErrorType, payload: f.payload(), status: "error"}
		return
	}
	var ie *runtimeapi.InitError
	switch {
	case errors.As(err, &ie):
		e.initFailure = &initFailure{errorType: ie.ErrorType, payload: ie.Payload, status: "error"}
	case e.exited():
		st := e.sb.ExitStatus()
		e.initFailure = requestFailure(func(id string) failure { return exited(id, st.String(), st.OOMKilled) })
	default:
		f := failure{"Sandbox.Timedout", fmt.Sprintf("Init timed out after %.2f seconds", limit.Seconds())}
		e.initFailure = &initFailure{errorType: f.ErrorType, payload: f.payload(), status: "timeout"}
	}
}

func (e *Env) exited() bool {
	if e.sb == nil {
		return false
	}
	select {
	case <-e.sb.Done():
		return true
	default:
		return false
	}
}

func (e *Env) destroy() {
	e.destroyOnce.Do(func() {
		e.shutdownExtensions()
		if e.api != nil {
			e.api.Close()
		}
		if e.endpointLn != nil {
			_ = e.endpointLn.Close()
		}
		if e.link != nil {
			e.link.Close() // before the sandbox, whose address it holds
		}
		if e.sb != nil {
			_ = e.sb.Destroy()
		}
		if e.out != nil {
			e.out.close()
		}
		e.stream.Close()
	})
}

// newID names an environment: its sandbox, its cgroup and its log stream.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
