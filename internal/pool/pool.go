// Package pool keeps warm execution environments per function version: it
// starts one when none is idle (a cold start), hands each invocation to an
// idle one, reaps environments that stayed idle too long and retires those
// whose function changed.
package pool

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/egress"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logs"
	"github.com/virga-dev/virga/internal/network"
	"github.com/virga-dev/virga/internal/runtimes"
	"github.com/virga-dev/virga/internal/sandbox"
)

// Sandboxes creates isolated environments.
type Sandboxes interface {
	Create(ctx context.Context, spec sandbox.Spec) (*sandbox.Sandbox, error)
}

// Code gives the directories of extracted code and of merged layers.
type Code interface {
	Dir(ctx context.Context, blob string) (string, error)
	OptDir(ctx context.Context, layers []string) (string, error)
}

// Runtimes says how to start a managed runtime.
type Runtimes interface {
	Launch(runtime string) (runtimes.Launch, error)
}

// Egress connects a sandbox's outbound interface to the network.
type Egress interface {
	Attach(sb egress.Sandbox) (io.Closer, error)
}

// Config holds the pool's settings.
type Config struct {
	Region      string
	Account     string
	IdleTimeout time.Duration
	InitTimeout time.Duration
	// RuntimeDir is the host directory mounted at /var/runtime.
	RuntimeDir string
	// BillingUnit is what billed durations are rounded up to (1 ms).
	BillingUnit time.Duration
	// Observer learns of cold starts and finished invocations.
	Observer Observer
	// Credentials, if set, gives each environment its execution role's
	// credentials, valid for CredentialsLifetime (default 12 h); an
	// environment is retired before they run out.
	Credentials         Credentials
	CredentialsLifetime time.Duration
	// API, if set, is served inside every sandbox at APIAddr and named in
	// the function's AWS_ENDPOINT_URL: Virga's own endpoint.
	API http.Handler
	// Egress carries functions' outbound traffic; without it they have
	// loopback only.
	Egress Egress
	// MaxLaunching bounds the sandboxes being created and started at once
	// (default four per CPU); further cold starts queue for a turn, so a
	// burst of a thousand does not starve each sandbox's setup past its
	// deadline. A function's own init is not bounded.
	MaxLaunching int
	// Settling, if set, learns of each invocation from its answer to the
	// end of the platform's work on it (logs, usage, metrics).
	Settling *logs.Settling
	Logger   *slog.Logger
}

// Observer learns what the pool measures: each cold start, and each
// invocation as its REPORT line tells it.
type Observer interface {
	ColdStart(cfg lambda.FunctionConfiguration, init time.Duration)
	Invoked(cfg lambda.FunctionConfiguration, report logs.Report, functionError string)
	// EmbeddedMetrics gets each output line in Embedded Metric Format.
	EmbeddedMetrics(cfg lambda.FunctionConfiguration, line []byte)
}

type noObserver struct{}

func (noObserver) ColdStart(lambda.FunctionConfiguration, time.Duration)     {}
func (noObserver) Invoked(lambda.FunctionConfiguration, logs.Report, string) {}
func (noObserver) EmbeddedMetrics(lambda.FunctionConfiguration, []byte)      {}

// Function is a resolved function version and its code.
type Function struct {
	Config   lambda.FunctionConfiguration
	CodeBlob string
	// LayerBlobs are the zips of its layers, in order.
	LayerBlobs []string
	// ARN is the unqualified function ARN.
	ARN string
	// Network is what the function may reach.
	Network network.Policy
	// InitType is what a provisioned environment of it tells its runtime
	// (AWS_LAMBDA_INITIALIZATION_TYPE); default provisioned-concurrency.
	InitType string
}

// Pool holds the environments of every function.
type Pool struct {
	cfg       Config
	sandboxes Sandboxes
	code      Code
	runtimes  Runtimes
	logs      logs.Appender
	log       *slog.Logger
	endpoint  *http.Server // serves API in every sandbox; nil without one

	mu      sync.Mutex
	idle    map[string][]*Env // by version key
	current map[string]string // function name → version key now in use
	all     map[*Env]struct{}
	busy    map[*Env]struct{}  // running an invocation
	targets map[string]*target // provisioned concurrency, by configuration
	closed  bool

	launching chan struct{} // one token per sandbox being launched

	stop chan struct{}
	wg   sync.WaitGroup
}

// New builds a pool; Start begins reaping.
func New(cfg Config, sb Sandboxes, code Code, rt Runtimes, appender logs.Appender) *Pool {
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 10 * time.Minute
	}
	if cfg.InitTimeout <= 0 {
		cfg.InitTimeout = 10 * time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	if cfg.BillingUnit <= 0 {
		cfg.BillingUnit = time.Millisecond
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	if cfg.CredentialsLifetime <= 0 {
		cfg.CredentialsLifetime = 12 * time.Hour
	}
	if cfg.MaxLaunching <= 0 {
		cfg.MaxLaunching = 4 * runtime.GOMAXPROCS(0)
	}
	return &Pool{
		cfg: cfg, sandboxes: sb, code: code, runtimes: rt, logs: appender, log: log.With("component", "pool"), endpoint: endpoint(cfg.API),
		idle: map[string][]*Env{}, current: map[string]string{}, all: map[*Env]struct{}{}, busy: map[*Env]struct{}{},
		targets: map[string]*target{}, launching: make(chan struct{}, cfg.MaxLaunching), stop: make(chan struct{}),
	}
}

// Invoke runs inv in an idle environment of fn, or a new one.
func (p *Pool) Invoke(ctx context.Context, fn Function, inv lambda.Invocation) (lambda.InvokeResult, error) {
	settled := func() {} // replaced on the runtime's goroutine before env.invoke returns
	if answer := inv.Answer; answer != nil {
		inv.Answer = func(res lambda.InvokeResult) {
			settled = p.cfg.Settling.Begin()
			answer(res)
		}
	}
	defer func() { settled() }()
	env := p.take(fn)
	if env == nil {
		var err error
		if env, err = p.start(ctx, fn, "on-demand"); err != nil {
			return lambda.InvokeResult{}, err
		}
		p.cfg.Observer.ColdStart(fn.Config, env.initDuration)
		p.mu.Lock()
		p.busy[env] = struct{}{}
		p.mu.Unlock()
	}
	res, report, healthy := env.invoke(ctx, inv, p.cfg.BillingUnit)
	p.put(env, healthy)
	p.cfg.Observer.Invoked(fn.Config, report, res.FunctionError)
	return res, nil
}

// versionKey names the environments interchangeable for fn: a change of
// configuration, or of network setting, makes new ones.
func versionKey(fn Function) string {
	c := fn.Config
	return c.FunctionName + ":" + c.Version + ":" + c.RevisionId + ":" + fn.Network.String()
}

// take pops an idle environment of fn's current version, retiring idle ones
// of versions the function no longer has.
func (p *Pool) take(fn Function) *Env {
	key := versionKey(fn)
	p.mu.Lock()
	var stale []*Env
	if old, ok := p.current[fn.Config.FunctionName+":"+fn.Config.Version]; ok && old != key {
		stale = p.idle[old]
		delete(p.idle, old)
	}
	p.current[fn.Config.FunctionName+":"+fn.Config.Version] = key
	env := p.popIdle(key)
	for env != nil && env.expiring(time.Now()) {
		stale = append(stale, env)
		env = p.popIdle(key)
	}
	if env != nil {
		p.busy[env] = struct{}{}
	}
	p.mu.Unlock()
	for _, e := range stale {
		p.destroy(e)
	}
	return env
}

// put returns an environment after an invocation, or destroys it when it is
// broken, stale or the pool is closing.
func (p *Pool) put(env *Env, healthy bool) {
	p.mu.Lock()
	delete(p.busy, env)
	keep := healthy && !p.closed && p.current[env.slot] == env.key && !env.expiring(time.Now())
	if keep {
		env.lastUsed = time.Now()
		p.idle[env.key] = append(p.idle[env.key], env)
	}
	p.mu.Unlock()
	if !keep {
		p.destroy(env)
	}
}

func (p *Pool) destroy(env *Env) {
	env.destroy()
	p.mu.Lock()
	delete(p.all, env)
	p.forget(env)
	p.mu.Unlock()
}

// popIdle takes an idle environment of a version, a provisioned one first.
// p.mu must be held.
func (p *Pool) popIdle(key string) *Env {
	list := p.idle[key]
	if len(list) == 0 {
		return nil
	}
	i := len(list) - 1
	for j := i; j >= 0; j-- {
		if list[j].target != nil {
			i = j
			break
		}
	}
	env := list[i]
	p.idle[key] = append(list[:i], list[i+1:]...)
	return env
}
