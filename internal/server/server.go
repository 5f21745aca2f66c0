// Package server is Virga's composition root: it builds every component
// explicitly, starts them in order and stops them in reverse.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"path/filepath"
	"time"

	"github.com/virga-dev/virga/internal/api"
	"github.com/virga-dev/virga/internal/async"
	"github.com/virga-dev/virga/internal/codecache"
	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/datadir"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/egress"
	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/iamapi"
	"github.com/virga-dev/virga/internal/invoke"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/lambdaapi"
	"github.com/virga-dev/virga/internal/logs"
	"github.com/virga-dev/virga/internal/logsapi"
	"github.com/virga-dev/virga/internal/metrics"
	"github.com/virga-dev/virga/internal/network"
	"github.com/virga-dev/virga/internal/pool"
	"github.com/virga-dev/virga/internal/runtimes"
	"github.com/virga-dev/virga/internal/sandbox"
	"github.com/virga-dev/virga/internal/sigv4"
	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/stsapi"
	"github.com/virga-dev/virga/internal/tracing"
	"github.com/virga-dev/virga/internal/usage"
)

// Config is every setting of a server, with defaults from Defaults.
type Config struct {
	Listen     string
	DataDir    string
	Region     string
	NATSURL    string
	NATSListen string
	// ConcurrentExecutions is the account concurrency limit.
	ConcurrentExecutions int
	// IdleTimeout is how long an unused environment stays warm.
	IdleTimeout time.Duration
	// Python and Node override the interpreters found on PATH.
	Python, Node string
	// LogBytes bounds the stored logs; every RetentionInterval events older
	// than their group's retention are removed.
	LogBytes          int64
	RetentionInterval time.Duration
	// LeaseTTL is how long a loop that runs once per region (the log
	// retention sweep) waits to move to another server after the one that
	// ran it stopped without handing it over.
	LeaseTTL time.Duration
	// BillingUnit is what billed durations are rounded up to.
	BillingUnit time.Duration
	// AsyncWorkers bounds the events run at once; AsyncRetryBase is the
	// delay before the first retry of a failed event (then twice that).
	AsyncWorkers   int
	AsyncRetryBase time.Duration
	// SpareSandboxes is how many sandbox inits wait, started, for the next
	// cold starts.
	SpareSandboxes int
	// Outbound lets functions reach the network as their virga:network
	// tag says (default: any external address); false gives every
	// function loopback only.
	Outbound bool
	// ResolvConf is the host file sandboxes see as /etc/resolv.conf;
	// empty picks /etc/resolv.conf, or systemd-resolved's upstream list
	// when that names only a local cache.
	ResolvConf string
	// OTLPEndpoint, if set, receives a span per invocation over OTLP/HTTP.
	OTLPEndpoint string
	// DebugListen, if set, serves Go's profiler (net/http/pprof) there.
	DebugListen string
	Logger      *slog.Logger
}

// Defaults returns the configuration of a plain `virga server`.
func Defaults() Config {
	return Config{
		Listen:               "127.0.0.1:9000",
		DataDir:              datadir.Default(),
		Region:               "us-east-1",
		ConcurrentExecutions: 1000,
		IdleTimeout:          10 * time.Minute,
		LogBytes:             1 << 30,
		RetentionInterval:    10 * time.Minute,
		LeaseTTL:             15 * time.Second,
		BillingUnit:          time.Millisecond,
		AsyncWorkers:         64,
		SpareSandboxes:       2,
		Outbound:             true,
		AsyncRetryBase:       time.Minute,
		Logger:               slog.Default(),
	}
}

// Run serves until ctx is done, then shuts down cleanly, in reverse order.
func Run(ctx context.Context, cfg Config) error {
	admin, err := datadir.LoadOrCreateAdmin(cfg.DataDir)
	if err != nil {
		return fmt.Errorf("administrator key: %w", err)
	}
	if cfg.DebugListen != "" {
		go serveProfiler(cfg)
	}
	st, err := store.Open(ctx, store.Config{Dir: cfg.DataDir, URL: cfg.NATSURL, Listen: cfg.NATSListen})
	if err != nil {
		return err
	}
	defer st.Close()
	leases, err := st.Leases(ctx, "leases", cfg.LeaseTTL)
	if err != nil {
		return err
	}
	holder := holderID()
	blobs, err := st.Blobs(ctx, "code")
	if err != nil {
		return err
	}
	code := codecache.New(filepath.Join(cfg.DataDir, "code"), filepath.Join(cfg.DataDir, "opt"), blobs)
	logStore, err := openLogs(ctx, cfg, st)
	if err != nil {
		return err
	}
	defer closeWithin(ctx, 5*time.Second, logStore.Close)
	retention := logs.NewRetention(logStore, cfg.RetentionInterval, cfg.Logger)
	stopRetention := runLeased(ctx, leases, "logs-retention", holder, cfg.Logger, retention.Run)
	defer stopRetention()
	meter, err := usage.Open(ctx, st.JetStream())
	if err != nil {
		return err
	}
	defer closeWithin(ctx, 5*time.Second, meter.Close)
	measures := metrics.New()
	runner, err := startPool(ctx, cfg, admin.AccountID, code, logStore, poolObserver{measures, meter})
	if err != nil {
		return err
	}
	defer runner.Close(context.WithoutCancel(ctx))
	limiter := concurrency.New(cfg.ConcurrentExecutions)
	roles, err := openIAM(ctx, st)
	if err != nil {
		return err
	}
	ctl, err := startControl(ctx, cfg, admin, st, blobs, code, runner, limiter, roles)
	if err != nil {
		return err
	}
	defer ctl.Close()
	deliveries, events, err := openDeliveries(ctx, cfg, st)
	if err != nil {
		return err
	}
	functions, err := watchedCache(ctx, st, ctl)
	if err != nil {
		return err
	}
	measures.Watch(metrics.Sources{Environments: runner, Queue: events})
	tracer, err := tracing.New(ctx, cfg.OTLPEndpoint)
	if err != nil {
		return err
	}
	defer closeWithin(ctx, 5*time.Second, tracer.Shutdown)
	invoker := invoke.New(functions, runner, limiter, events, measures, tracer, cfg.Region, admin.AccountID)
	routes := deliveryRoutes(cfg, admin.AccountID, events, invoker, logStore, measures, ctl)
	dispatcher := delivery.NewDispatcher(delivery.Config{Workers: cfg.AsyncWorkers, Logger: cfg.Logger}, deliveries, routes)
	if err := dispatcher.Start(); err != nil {
		return fmt.Errorf("start delivery dispatch: %w", err)
	}
	defer closeWithin(ctx, 5*time.Second, dispatcher.Close)
	lambdaAPI := lambdaapi.New(lambdaapi.Config{Region: cfg.Region, Account: admin.AccountID}, lambdaapi.Backends{
		Functions: ctl, Versions: ctl, Concurrency: ctl, EventConfigs: ctl, Policies: ctl, Layers: ctl, Tags: ctl,
		Invoker: invoker, Usage: meter,
	})
	front := api.New(api.Config{Account: admin.AccountID, Metrics: measures.Handler(), Logger: cfg.Logger},
		verifier(admin, datadir.NewAccounts(cfg.DataDir)),
		lambdaAPI.Service(),
		logsapi.New(logsapi.Config{Region: cfg.Region}, logStore).Service(),
		stsapi.Service(),
		iamapi.New(roles).Service(),
	)
	return serve(ctx, cfg, front.Handler())
}

// openDeliveries opens the delivery queue, Lambda's event queue over it,
// and moves into it the events an earlier version left in its own stream.
func openDeliveries(ctx context.Context, cfg Config, st *store.Store) (*delivery.Queue, *async.Queue, error) {
	deliveries, err := delivery.OpenQueue(ctx, st.JetStream())
	if err != nil {
		return nil, nil, err
	}
	events := async.NewQueue(deliveries)
	moved, err := async.Migrate(ctx, st.JetStream(), events)
	if err != nil {
		return nil, nil, fmt.Errorf("move queued events: %w", err)
	}
	if moved > 0 {
		cfg.Logger.Info("queued events moved to the delivery queue", "events", moved)
	}
	return deliveries, events, nil
}

// deliveryRoutes registers what the delivery queue carries: Lambda's
// asynchronous invocations (their producer and the function target) and
// the targets other services deliver to.
func deliveryRoutes(cfg Config, account string, events *async.Queue, invoker *invoke.Invoker, logStore *logs.Store,
	measures *metrics.Metrics, ctl *control.Service) delivery.Routes {
	lambdaEvents := async.NewProducer(async.Config{
		Region: cfg.Region, Account: account, RetryBase: cfg.AsyncRetryBase, Observer: measures, Logger: cfg.Logger,
	}, events, ctl)
	return delivery.Routes{
		Targets: map[string]delivery.Target{
			async.TargetKind: async.NewTarget(invoker, logStore, measures),
			async.InvokeKind: async.NewInvokeTarget(invoker),
		},
		Producers: map[string]delivery.Producer{async.ProducerKind: lambdaEvents},
	}
}

// openLogs opens the log store: events in a stream, groups in a bucket.
func openLogs(ctx context.Context, cfg Config, st *store.Store) (*logs.Store, error) {
	groups, err := st.Bucket(ctx, "loggroups")
	if err != nil {
		return nil, err
	}
	return logs.OpenStore(ctx, st.JetStream(), groups, cfg.LogBytes)
}

// closeWithin runs close with a context that ends after d.
func closeWithin(ctx context.Context, d time.Duration, close func(context.Context)) {
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), d)
	defer cancel()
	close(c)
}

// startControl opens the control plane's buckets and starts it; it tells
// the pool and the limiter what changes.
func startControl(ctx context.Context, cfg Config, admin datadir.Admin, st *store.Store, blobs *store.Blobs, code *codecache.Cache,
	runner *runningPool, limiter *concurrency.Limiter, roles control.Roles) (*control.Service, error) {
	stores := control.Stores{Code: blobs}
	for name, b := range map[string]*control.Bucket{
		"functions": &stores.Functions, "versions": &stores.Versions, "aliases": &stores.Aliases, "provisioned": &stores.Provisioned,
		"eventconfigs": &stores.EventConfigs, "policies": &stores.Policies, "layers": &stores.Layers,
	} {
		bucket, err := st.Bucket(ctx, name)
		if err != nil {
			return nil, err
		}
		*b = bucket
	}
	ctl := control.New(control.Config{
		Region: cfg.Region, Account: admin.AccountID, ConcurrentExecutions: cfg.ConcurrentExecutions,
		Changed: runner.Retire, Reservations: limiter, Provisioner: runner, Roles: roles, Logger: cfg.Logger,
	}, stores, code)
	if err := ctl.Start(ctx); err != nil {
		return nil, fmt.Errorf("start control plane: %w", err)
	}
	return ctl, nil
}

// openIAM opens the buckets of IAM's roles and managed policies.
func openIAM(ctx context.Context, st *store.Store) (*iam.Service, error) {
	roles, err := st.Bucket(ctx, "iamroles")
	if err != nil {
		return nil, err
	}
	policies, err := st.Bucket(ctx, "iampolicies")
	if err != nil {
		return nil, err
	}
	return iam.New(roles, policies), nil
}

// startPool prepares the sandboxes, the runtime clients and the pool of
// execution environments.
func startPool(ctx context.Context, cfg Config, account string, code *codecache.Cache, appender logs.Appender, observer pool.Observer) (*runningPool, error) {
	resolvConf := cfg.ResolvConf
	if resolvConf == "" {
		resolvConf = egress.HostResolvConf()
	}
	mgr, err := sandbox.NewManager(sandbox.Config{
		StateDir: filepath.Join(cfg.DataDir, "sandboxes"), CgroupRoot: cgroupRoot(cfg.DataDir),
		Spares: cfg.SpareSandboxes, Network: cfg.Outbound, ResolvConf: resolvConf, Logger: cfg.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("sandboxes: %w", err)
	}
	out, err := startEgress(cfg, resolvConf)
	if err != nil {
		mgr.Close()
		return nil, err
	}
	catalogue := runtimes.NewCatalogue(ctx, runtimes.CatalogueConfig{Python: cfg.Python, Node: cfg.Node, Region: cfg.Region})
	runtimeDir := filepath.Join(cfg.DataDir, "runtime")
	if err := catalogue.InstallClients(ctx, runtimeDir); err != nil {
		closeEgress(out)
		mgr.Close()
		return nil, err
	}
	for lang, err := range catalogue.Missing {
		cfg.Logger.Warn("runtime unavailable on this host", "language", lang, "err", err)
	}
	pcfg := pool.Config{Region: cfg.Region, Account: account, IdleTimeout: cfg.IdleTimeout, RuntimeDir: runtimeDir, BillingUnit: cfg.BillingUnit,
		Observer: observer, Logger: cfg.Logger}
	if out != nil {
		pcfg.Egress = out
	}
	p := pool.New(pcfg, mgr, code, catalogue, appender)
	p.Start(ctx)
	return &runningPool{Pool: p, mgr: mgr, egress: out}, nil
}

// startEgress starts the stack that carries functions' outbound traffic,
// unless Config.Outbound is off (nil then).
func startEgress(cfg Config, resolvConf string) (*egress.Stack, error) {
	if !cfg.Outbound {
		return nil, nil
	}
	resolvers, err := egress.Resolvers(resolvConf)
	if err != nil {
		cfg.Logger.Warn("sandboxes have no DNS resolver", "file", resolvConf, "err", err)
	}
	for _, a := range resolvers {
		if reason, never := network.Forbidden(a); never {
			cfg.Logger.Warn("sandboxes cannot reach this DNS resolver; set --sandbox-resolv-conf", "resolver", a, "because", reason)
		}
	}
	out := egress.New(egress.Config{Resolvers: resolvers, Logger: cfg.Logger})
	if err := out.Start(); err != nil {
		return nil, fmt.Errorf("outbound network: %w", err)
	}
	return out, nil
}

func closeEgress(e *egress.Stack) {
	if e != nil {
		e.Close()
	}
}

// poolObserver hands what the pool measures to the metrics and, for each
// invocation, to the usage records.
type poolObserver struct {
	metrics *metrics.Metrics
	usage   *usage.Store
}

func (o poolObserver) ColdStart(cfg lambda.FunctionConfiguration, init time.Duration) {
	o.metrics.ColdStart(cfg, init)
}

func (o poolObserver) EmbeddedMetrics(cfg lambda.FunctionConfiguration, line []byte) {
	o.metrics.EmbeddedMetrics(cfg, line)
}

func (o poolObserver) Invoked(cfg lambda.FunctionConfiguration, r logs.Report, functionError string) {
	o.metrics.Invoked(cfg, r, functionError)
	o.usage.Record(cfg, r)
}

// runningPool is the pool with the sandbox manager and the egress it owns.
type runningPool struct {
	*pool.Pool
	mgr    *sandbox.Manager
	egress *egress.Stack // nil without outbound network
}

func (r *runningPool) Close(ctx context.Context) {
	r.Pool.Close(ctx)
	closeEgress(r.egress)
	r.mgr.Close()
}

// verifier accepts the administrator's key and those of the accounts that
// `virga accounts add` made, including ones made while the server runs.
func verifier(admin datadir.Admin, accounts *datadir.Accounts) *sigv4.Verifier {
	return sigv4.NewVerifier(func(id string) (sigv4.Key, bool) {
		a, ok := datadir.Account(admin), id == admin.AccessKeyID
		if !ok {
			a, ok = accounts.Lookup(id)
		}
		return sigv4.Key{AccessKeyID: a.AccessKeyID, Secret: a.SecretAccessKey, Account: a.AccountID}, ok
	})
}

// serve listens, records the address and serves until ctx is done.
func serve(ctx context.Context, cfg Config, h http.Handler) error {
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	endpoint := "http://" + ln.Addr().String()
	if err := datadir.WriteServer(cfg.DataDir, datadir.Server{Endpoint: endpoint, Region: cfg.Region}); err != nil {
		ln.Close()
		return fmt.Errorf("record address: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	cfg.Logger.Info("virga is serving", "endpoint", endpoint, "data_dir", cfg.DataDir)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	cfg.Logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serveProfiler serves net/http/pprof for operators chasing a slow path.
func serveProfiler(cfg Config) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	if err := http.ListenAndServe(cfg.DebugListen, mux); err != nil {
		cfg.Logger.Warn("profiler stopped", "err", err)
	}
}

// watchedCache caches resolved functions for the invoke path and empties a
// function's entries when any server changes it.
func watchedCache(ctx context.Context, st *store.Store, ctl *control.Service) (*invoke.Cache, error) {
	cache := invoke.NewCache(ctl)
	for _, name := range []string{"functions", "versions", "aliases"} {
		b, err := st.Bucket(ctx, name)
		if err != nil {
			return nil, err
		}
		if err := b.Watch(ctx, cache.Forget); err != nil {
			return nil, err
		}
	}
	return cache, nil
}

// cgroupRoot is this server's own cgroup below "virga", named after its data
// directory: cleaning up after a crash then never touches the sandboxes of
// another server on the same machine.
func cgroupRoot(dataDir string) string {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	sum := sha256.Sum256([]byte(abs))
	return "virga/" + hex.EncodeToString(sum[:6])
}
