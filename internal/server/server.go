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
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/api"
	"github.com/virga-dev/virga/internal/apigw"
	"github.com/virga-dev/virga/internal/async"
	"github.com/virga-dev/virga/internal/audit"
	"github.com/virga-dev/virga/internal/cloudtrail"
	"github.com/virga-dev/virga/internal/cluster"
	"github.com/virga-dev/virga/internal/codecache"
	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/console"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/datadir"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/egress"
	eventbridge "github.com/virga-dev/virga/internal/events"
	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/iamapi"
	"github.com/virga-dev/virga/internal/invoke"
	"github.com/virga-dev/virga/internal/kms"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/lambdaapi"
	"github.com/virga-dev/virga/internal/logs"
	"github.com/virga-dev/virga/internal/logsapi"
	"github.com/virga-dev/virga/internal/metrics"
	"github.com/virga-dev/virga/internal/network"
	"github.com/virga-dev/virga/internal/pool"
	"github.com/virga-dev/virga/internal/runtimes"
	"github.com/virga-dev/virga/internal/s3notify"
	"github.com/virga-dev/virga/internal/sandbox"
	"github.com/virga-dev/virga/internal/scheduler"
	"github.com/virga-dev/virga/internal/sigv4"
	"github.com/virga-dev/virga/internal/sns"
	"github.com/virga-dev/virga/internal/sqs"
	"github.com/virga-dev/virga/internal/stepfunctions"
	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/sts"
	"github.com/virga-dev/virga/internal/stsapi"
	"github.com/virga-dev/virga/internal/targets"
	"github.com/virga-dev/virga/internal/tracing"
	"github.com/virga-dev/virga/internal/usage"
)

// Config is every setting of a server, with defaults from Defaults.
type Config struct {
	Listen string
	// PublicURL is where clients reach the server (http://host:port), which
	// function URLs are spelled with; empty: http://localhost:<listen port>.
	PublicURL string
	DataDir   string
	Region    string
	NATSURL   string
	// ObjectsBackend, when set, is an S3-compatible bucket
	// (http(s)://host:port/bucket) that keeps S3 objects' bytes, reached
	// with ObjectsKey.
	ObjectsBackend string
	ObjectsKey     sigv4.Key
	NATSListen     string
	// ConcurrentExecutions is the account concurrency limit.
	ConcurrentExecutions int
	// IdleTimeout is how long an unused environment stays warm.
	IdleTimeout time.Duration
	// Python and NodeJS override the interpreters found on PATH.
	Python, NodeJS string
	// Replicas is how many NATS servers keep a copy of every stream and
	// bucket (with NATSURL; the embedded store keeps one).
	Replicas int
	// NodeName names this server among the members of a cluster; empty:
	// host:port of the listen address. NodeURL is where the other members
	// reach it; empty: http:// and the listen address (the host name for
	// an unspecified one).
	NodeName, NodeURL string
	// MemoryMB bounds the memory this server's environments reserve: a
	// synchronous invocation that would need more runs on another member
	// (0: no bound).
	MemoryMB int
	// DrainTimeout bounds how long a draining server waits for the
	// invocations it runs.
	DrainTimeout time.Duration
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
	// ScheduleTick is how long a minute of a rate() schedule lasts: a real
	// minute, unless tests shorten it. cron() and at() read the clock.
	ScheduleTick time.Duration
	// SpareSandboxes is how many sandbox inits wait, started, for the next
	// cold starts.
	SpareSandboxes int
	// PrestartedRuntimes is how many sandboxes per interpreter (Python,
	// Node.js) wait with the interpreter and Virga's runtime client
	// already running, for the next cold starts of their runtimes.
	PrestartedRuntimes int
	// CredentialsLifetime is how long a function environment's role
	// credentials last; environments are retired before they run out.
	CredentialsLifetime time.Duration
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
		Replicas:             1,
		DrainTimeout:         30 * time.Second,
		BillingUnit:          time.Millisecond,
		AsyncWorkers:         64,
		SpareSandboxes:       2,
		PrestartedRuntimes:   1,
		Outbound:             true,
		AsyncRetryBase:       time.Minute,
		CredentialsLifetime:  12 * time.Hour,
		ScheduleTick:         time.Minute,
		Logger:               slog.Default(),
	}
}

// Run serves until parent is done, then drains (see drain) and shuts down
// cleanly, in reverse order.
func Run(parent context.Context, cfg Config) error {
	ctx, stopServing := context.WithCancel(context.WithoutCancel(parent))
	defer stopServing()
	if cfg.DebugListen != "" {
		go serveProfiler(cfg)
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	defer ln.Close()
	public, err := parsePublicURL(cfg.PublicURL, ln.Addr())
	if err != nil {
		return err
	}
	endpoint := "http://" + ln.Addr().String()
	st, err := store.Open(ctx, store.Config{Dir: cfg.DataDir, URL: cfg.NATSURL, Listen: cfg.NATSListen, Replicas: cfg.Replicas})
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := loadSecrets(ctx, cfg, st)
	if err != nil {
		return err
	}
	admin := keys.admin
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
	settling := logs.NewSettling() // reads of logs and usage see every answered invocation
	logStore.WaitFor(settling)
	meter.WaitFor(settling)
	measures := metrics.New()
	roles, err := openIAM(ctx, st)
	if err != nil {
		return err
	}
	sessions, err := openSessions(ctx, cfg, st, roles)
	if err != nil {
		return err
	}
	door := new(frontDoor)
	runner, err := startPool(ctx, cfg, admin.AccountID, code, logStore, poolObserver{measures, meter}, settling, sessions, door)
	if err != nil {
		return err
	}
	defer runner.Close(context.WithoutCancel(ctx))
	limiter := concurrency.New(cfg.ConcurrentExecutions)
	members, err := joinCluster(ctx, cfg, st, ln.Addr(), runner, limiter)
	if err != nil {
		return fmt.Errorf("join the cluster: %w", err)
	}
	defer members.Leave(context.WithoutCancel(ctx))
	running := cluster.NewRunning(st.JetStream().Conn(), members.Node(), limiter.Counts)
	if err := running.Start(ctx); err != nil {
		return fmt.Errorf("share running invocations: %w", err)
	}
	defer running.Close()
	limiter.SetPeers(running) // the limits are the cluster's
	measures.WatchMembers(clusterMetrics{members})
	queues, err := sqs.Open(ctx, sqs.Config{Region: cfg.Region, Account: admin.AccountID, Logger: cfg.Logger}, st)
	if err != nil {
		return err
	}
	if err := queues.Start(ctx); err != nil {
		return fmt.Errorf("start queues: %w", err)
	}
	defer queues.Close()
	deliveries, events, err := openDeliveries(ctx, cfg, st)
	if err != nil {
		return err
	}
	queueTarget := sqs.NewTarget(queues)
	topics, err := sns.Open(ctx, sns.Config{Region: cfg.Region, Admin: admin.AccountID, Endpoint: endpoint, Logger: cfg.Logger},
		st, deliveries, map[string]delivery.Target{sqs.TargetKind: queueTarget})
	if err != nil {
		return err
	}
	if err := topics.Start(ctx); err != nil {
		return err
	}
	defer topics.Close()
	sched, err := openSchedules(ctx, cfg, admin.AccountID, st, deliveries)
	if err != nil {
		return err
	}
	keyring, err := openKeyring(ctx, cfg, st, keys.rootKey)
	if err != nil {
		return err
	}
	notifier := new(lateNotifier)
	objs, err := openObjects(ctx, cfg, st, notifier)
	if err != nil {
		return err
	}
	ctl, err := startControl(ctx, cfg, admin, st, blobs, code, runner, limiter, lambdaRoles{sessions}, queues, topics, sched.events, keyring, objs,
		public.functionURL(cfg.Region), spreadNodes{members})
	if err != nil {
		return err
	}
	defer ctl.Close()
	notes, err := openNotifications(ctx, cfg, admin.AccountID, st, deliveries, s3notify.Destinations{Functions: ctl, Queues: queues, Topics: topics})
	if err != nil {
		return err
	}
	notifier.Set(notes)
	functions, err := watchedCache(ctx, st, ctl)
	if err != nil {
		return err
	}
	measures.Watch(metrics.Sources{Environments: runner, Queue: events})
	go measures.Series().Run(ctx, runner)
	tracer, err := tracing.New(ctx, cfg.OTLPEndpoint)
	if err != nil {
		return err
	}
	defer closeWithin(ctx, 5*time.Second, tracer.Shutdown)
	invoker := invoke.New(functions, runner, limiter, events, measures, tracer, cfg.Region, admin.AccountID)
	routes := deliveryRoutes(cfg, admin.AccountID, events, invoker, logStore, measures, ctl, queueTarget, topics, sched, deliveries)
	dispatcher := delivery.NewDispatcher(delivery.Config{Workers: cfg.AsyncWorkers, Logger: cfg.Logger}, deliveries, routes)
	if err := dispatcher.Start(); err != nil {
		return fmt.Errorf("start delivery dispatch: %w", err)
	}
	defer closeWithin(ctx, 5*time.Second, dispatcher.Close)
	stopTimers := runLeased(ctx, leases, "schedules", holder, cfg.Logger, sched.loop.Run)
	defer stopTimers()
	mappings, pollers, err := startMappings(ctx, cfg, admin.AccountID, holder, st, leases, queues, ctl, invoker)
	if err != nil {
		return fmt.Errorf("start event source mappings: %w", err)
	}
	defer closeWithin(ctx, 10*time.Second, pollers.Close)
	workflows, err := openWorkflows(ctx, cfg, admin.AccountID, st, invoker, map[string]stepfunctions.Target{
		sqs.TargetKind: queueTarget, sns.TargetKind: topics, targets.KindBus: sched.events.BusTarget()})
	if err != nil {
		return fmt.Errorf("open step functions: %w", err)
	}
	stopWorkflows := runLeased(ctx, leases, "stepfunctions", holder, cfg.Logger, workflows.Run)
	defer stopWorkflows()
	lambdaAPI := lambdaapi.New(lambdaapi.Config{Region: cfg.Region, Account: admin.AccountID}, lambdaapi.Backends{
		Functions: ctl, Versions: ctl, Concurrency: ctl, EventConfigs: ctl, Policies: ctl, Layers: ctl, Tags: ctl, URLs: ctl,
		Mappings: mappings, Invoker: invoker, Usage: meter,
	})
	accounts, err := openAccounts(ctx, cfg, st)
	if err != nil {
		return err
	}
	auth := verifier(admin, accounts, sessions)
	urls, err := functionURLs(ctx, cfg, st, ctl, admin.AccountID, public, invoker, auth)
	if err != nil {
		return err
	}
	apis, err := httpAPIs(ctx, cfg, st, admin.AccountID, public, invoker, ctl)
	if err != nil {
		return err
	}
	trail, err := audit.Open(ctx, st.JetStream())
	if err != nil {
		return err
	}
	web, err := openConsole(ctx, cfg, admin.AccountID, st, auth, measures)
	if err != nil {
		return err
	}
	front := api.New(api.Config{Account: admin.AccountID, Metrics: measures.Handler(), MetricsToken: keys.metricsToken, Roles: roles, Audit: trail, Logger: cfg.Logger,
		Health: map[string]any{"sandbox": runner.mgr.Protections(), "cluster": clusterHealth(members)},
		Sites:  []api.Site{urls, {Host: apis.HostSuffix(), Path: apigw.PathPrefix, Handler: apis}, {Path: sns.SitePath, Handler: topics.Site()}, web}},
		auth,
		lambdaAPI.Service(),
		logsapi.New(logsapi.Config{Region: cfg.Region}, logStore).Service(),
		stsapi.New(sessions, roles).Service(),
		iamapi.New(roles).Service(),
		apis.Service(),
		queues.Service(),
		topics.Service(),
		sched.events.Service(),
		sched.scheduler.Service(),
		workflows.Service(),
		s3API(cfg, objs, notes).Service(),
		kms.New(keyring).Service(),
		cloudtrail.New(trail).Service(),
	)
	handler := forwarding(cfg, members, runner, keys.nodeKey, front.Handler())
	door.Set(handler)
	go func() {
		select {
		case <-parent.Done():
			stopPollers := func() { closeWithin(ctx, 10*time.Second, pollers.Close) }
			drain(ctx, cfg, members, limiter, []func(){stopRetention, stopTimers, stopWorkflows, stopPollers})
			stopServing()
		case <-ctx.Done():
		}
	}()
	return serve(ctx, cfg, ln, handler)
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
	measures *metrics.Metrics, ctl *control.Service, queueTarget delivery.Target, topics *sns.Topics, sched *schedules, deliveries *delivery.Queue) delivery.Routes {
	lambdaEvents := async.NewProducer(async.Config{
		Region: cfg.Region, Account: account, RetryBase: cfg.AsyncRetryBase, Observer: measures, Logger: cfg.Logger,
	}, events, ctl)
	return delivery.Routes{
		Targets: map[string]delivery.Target{
			async.TargetKind: async.NewTarget(invoker, logStore, measures),
			async.InvokeKind: async.NewInvokeTarget(invoker, ctl),
			sqs.TargetKind:   queueTarget,
			sns.TargetKind:   topics,
			sns.HTTPKind:     topics.HTTPTarget(),
			targets.KindBus:  sched.events.BusTarget(),
		},
		Producers: map[string]delivery.Producer{
			async.ProducerKind:       lambdaEvents,
			async.RecordProducerKind: async.NewRecords(cfg.Logger),
			sns.ProducerKind:         topics.Producer(),
			eventbridge.ProducerName: targets.NewProducer(targets.ProducerConfig{
				Name: eventbridge.ProducerName, OriginAttribute: "RULE_ARN", Logger: cfg.Logger}, deliveries),
			scheduler.ProducerName: targets.NewProducer(targets.ProducerConfig{
				Name: scheduler.ProducerName, OriginAttribute: "SCHEDULE_ARN", Logger: cfg.Logger}, deliveries),
			s3notify.ProducerName: targets.NewProducer(targets.ProducerConfig{Name: s3notify.ProducerName, Logger: cfg.Logger}, deliveries),
		},
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
	runner *runningPool, limiter *concurrency.Limiter, roles control.Roles, queues control.Queues, topics control.Topics, buses control.Buses,
	keys *kms.Keyring, objs control.Objects, functionURL func(id string) string, nodes control.Nodes) (*control.Service, error) {
	provisioned, err := st.Bucket(ctx, "provisioned")
	if err != nil {
		return nil, err
	}
	stores := control.Stores{Code: blobs, Provisioned: provisioned}
	for name, b := range map[string]*control.Bucket{
		"functions": &stores.Functions, "versions": &stores.Versions, "aliases": &stores.Aliases,
		"provisionedready": &stores.Ready, "eventconfigs": &stores.EventConfigs, "policies": &stores.Policies, "layers": &stores.Layers, "urls": &stores.URLs,
	} {
		bucket, err := st.Bucket(ctx, name)
		if err != nil {
			return nil, err
		}
		*b = bucket
	}
	// Environment variables are stored encrypted with KMS.
	stores.Functions = control.SealEnvironments(stores.Functions, keys, admin.AccountID)
	stores.Versions = control.SealEnvironments(stores.Versions, keys, admin.AccountID)
	ctl := control.New(control.Config{
		Region: cfg.Region, Account: admin.AccountID, ConcurrentExecutions: cfg.ConcurrentExecutions,
		Changed: runner.Retire, Reservations: limiter, Provisioner: runner, Roles: roles, Keys: keys, Queues: queues, Topics: topics, Buses: buses,
		Objects: objs, FunctionURL: functionURL, Nodes: nodes, Logger: cfg.Logger,
	}, stores, code)
	if err := ctl.Start(ctx); err != nil {
		return nil, fmt.Errorf("start control plane: %w", err)
	}
	// Every server keeps its share of each configuration, whichever
	// server stored it.
	if err := provisioned.Watch(ctx, ctl.ProvisionedChanged); err != nil {
		return nil, fmt.Errorf("watch provisioned concurrency: %w", err)
	}
	return ctl, nil
}

// openConsole opens the bucket of saved test events and builds the web
// console, a site of the front door.
func openConsole(ctx context.Context, cfg Config, account string, st *store.Store, auth console.Verifier, measures *metrics.Metrics) (api.Site, error) {
	events, err := st.Bucket(ctx, "consoleevents")
	if err != nil {
		return api.Site{}, err
	}
	c := console.New(console.Config{Account: account, Logger: cfg.Logger}, auth, events, measures.Series())
	return api.Site{Path: console.Path, Claims: console.Claims, Handler: c.Handler()}, nil
}

// openIAM opens the buckets of IAM's roles and managed policies; a change
// on any server empties the roles' identities each server keeps.
func openIAM(ctx context.Context, st *store.Store) (*iam.Service, error) {
	roles, err := st.Bucket(ctx, "iamroles")
	if err != nil {
		return nil, err
	}
	policies, err := st.Bucket(ctx, "iampolicies")
	if err != nil {
		return nil, err
	}
	svc := iam.New(roles, policies)
	for _, b := range []*store.Bucket{roles, policies} {
		if err := b.Watch(ctx, svc.Changed); err != nil {
			return nil, err
		}
	}
	return svc, nil
}

// openSessions opens the bucket of temporary credentials, which forgets
// each an hour after the longest of them can have expired.
func openSessions(ctx context.Context, cfg Config, st *store.Store, roles *iam.Service) (*sts.Service, error) {
	ttl := max(12*time.Hour, cfg.CredentialsLifetime) + time.Hour
	b, err := st.ExpiringBucket(ctx, "stssessions", ttl)
	if err != nil {
		return nil, err
	}
	return sts.New(b, roles), nil
}

// startPool prepares the sandboxes, the runtime clients and the pool of
// execution environments.
func startPool(ctx context.Context, cfg Config, account string, code *codecache.Cache, appender logs.Appender, observer pool.Observer,
	settling *logs.Settling, sessions *sts.Service, door *frontDoor) (*runningPool, error) {
	resolvConf := cfg.ResolvConf
	if resolvConf == "" {
		resolvConf = egress.HostResolvConf()
	}
	catalogue := runtimes.NewCatalogue(ctx, runtimes.CatalogueConfig{Python: cfg.Python, Node: cfg.NodeJS, Region: cfg.Region})
	runtimeDir := filepath.Join(cfg.DataDir, "runtime")
	if err := catalogue.InstallClients(ctx, runtimeDir); err != nil {
		return nil, err
	}
	mgr, err := sandbox.NewManager(sandbox.Config{
		StateDir: filepath.Join(cfg.DataDir, "sandboxes"), CgroupRoot: cgroupRoot(cfg.DataDir),
		Spares: cfg.SpareSandboxes, Network: cfg.Outbound, ResolvConf: resolvConf, Logger: cfg.Logger,
		Prestart: prestarts(catalogue, runtimeDir), PrestartSpares: cfg.PrestartedRuntimes,
	})
	if err != nil {
		return nil, fmt.Errorf("sandboxes: %w", err)
	}
	out, err := startEgress(cfg, resolvConf)
	if err != nil {
		mgr.Close()
		return nil, err
	}
	for lang, err := range catalogue.Missing {
		cfg.Logger.Warn("runtime unavailable on this host", "language", lang, "err", err)
	}
	for _, si := range catalogue.StandIns() {
		cfg.Logger.Warn("functions of these runtimes run on this host's interpreter, another version",
			"interpreter", si.Interpreter, "runtimes", strings.Join(si.Runtimes, ", "))
	}
	pcfg := pool.Config{Region: cfg.Region, Account: account, IdleTimeout: cfg.IdleTimeout, RuntimeDir: runtimeDir, BillingUnit: cfg.BillingUnit,
		Observer: observer, Credentials: functionCredentials{sessions, account}, CredentialsLifetime: cfg.CredentialsLifetime, API: door,
		Settling: settling, Logger: cfg.Logger}
	if out != nil {
		pcfg.Egress = out
	}
	p := pool.New(pcfg, mgr, code, catalogue, appender)
	p.Start(ctx)
	return &runningPool{Pool: p, mgr: mgr, egress: out}, nil
}

// prestarts are the interpreters spare sandboxes wait with, running
// Virga's runtime clients from runtimeDir.
func prestarts(c *runtimes.Catalogue, runtimeDir string) []sandbox.Prestart {
	var out []sandbox.Prestart
	for _, l := range c.Prestarts() {
		out = append(out, sandbox.Prestart{Argv: l.Argv, Env: l.Env, RuntimeDir: runtimeDir, ReadOnlyPaths: l.ReadOnlyPaths})
	}
	return out
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

// verifier accepts the administrator's key, those of the accounts that
// `virga accounts add` made, including ones made while the server runs,
// and the temporary credentials STS issued.
func verifier(admin datadir.Admin, accounts *sharedAccounts, sessions *sts.Service) *sigv4.Verifier {
	return sigv4.NewVerifier(func(ctx context.Context, id string) (sigv4.Key, bool, error) {
		if strings.HasPrefix(id, "ASIA") {
			return sessions.Key(ctx, id)
		}
		a, ok := datadir.Account(admin), id == admin.AccessKeyID
		if !ok {
			a, ok = accounts.Lookup(ctx, id)
		}
		return sigv4.Key{AccessKeyID: a.AccessKeyID, Secret: a.SecretAccessKey, Account: a.AccountID}, ok, nil
	})
}

// serve records the address and serves ln until ctx is done.
func serve(ctx context.Context, cfg Config, ln net.Listener, h http.Handler) error {
	endpoint := "http://" + ln.Addr().String()
	if err := datadir.WriteServer(cfg.DataDir, datadir.Server{Endpoint: endpoint, Region: cfg.Region}); err != nil {
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
	functions, err := st.Bucket(ctx, "functions")
	if err != nil {
		return nil, err
	}
	// Reservations set on another server reach this one's limiter.
	if err := functions.Watch(ctx, ctl.FunctionChanged); err != nil {
		return nil, err
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
