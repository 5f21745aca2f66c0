package cli

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"os"

	"github.com/virga-dev/virga/internal/logctx"
	"github.com/virga-dev/virga/internal/server"
	"github.com/virga-dev/virga/internal/sigv4"
)

func runServer(ctx context.Context, args []string, _, stderr io.Writer) error {
	cfg := server.Defaults()
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "address of the Lambda API")
	fs.StringVar(&cfg.PublicURL, "public-url", "", "where clients reach the server, which function URLs are spelled with (default: http://localhost:<listen port>)")
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "where state is kept")
	fs.StringVar(&cfg.Region, "region", cfg.Region, "the region in ARNs")
	fs.StringVar(&cfg.NATSURL, "nats-url", "", "external NATS cluster (default: embedded server)")
	fs.StringVar(&cfg.NATSListen, "nats-listen", "", "let NATS clients reach the embedded server at this address")
	fs.IntVar(&cfg.ConcurrentExecutions, "account-concurrency", cfg.ConcurrentExecutions, "account concurrency limit")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "how long an unused environment stays warm")
	fs.StringVar(&cfg.Python, "python", "", "Python interpreter for python3.x functions (default: python3 on PATH)")
	fs.StringVar(&cfg.NodeJS, "node", "", "Node.js for nodejs*.x functions (default: node on PATH)")
	clusterFlags(fs, &cfg)
	fs.Int64Var(&cfg.LogBytes, "log-bytes", cfg.LogBytes, "bound on stored logs; the oldest go first")
	fs.DurationVar(&cfg.BillingUnit, "billing-unit", cfg.BillingUnit, "billed durations are rounded up to this (AWS: 1ms; before 2020: 100ms)")
	fs.IntVar(&cfg.SpareSandboxes, "spare-sandboxes", cfg.SpareSandboxes, "sandboxes started ahead of cold starts")
	fs.IntVar(&cfg.PrestartedRuntimes, "prestarted-runtimes", cfg.PrestartedRuntimes, "sandboxes per interpreter (Python, Node.js) waiting with it started, for cold starts")
	fs.BoolVar(&cfg.Outbound, "outbound", cfg.Outbound, "let functions reach the network as their virga:network tag says (false: loopback only)")
	fs.StringVar(&cfg.ResolvConf, "sandbox-resolv-conf", "", "host file sandboxes see as /etc/resolv.conf (default /etc/resolv.conf, or systemd-resolved's upstream list)")
	fs.StringVar(&cfg.OTLPEndpoint, "otlp-endpoint", "", "export a span per invocation to this OTLP/HTTP endpoint (http://host:4318)")
	fs.StringVar(&cfg.DebugListen, "debug-listen", "", "serve Go's profiler (/debug/pprof/) at this address")
	fs.IntVar(&cfg.AsyncWorkers, "async-workers", cfg.AsyncWorkers, "asynchronous events run at once")
	fs.DurationVar(&cfg.AsyncRetryBase, "async-retry-base", cfg.AsyncRetryBase, "delay before the first retry of a failed asynchronous event (the second waits twice as long)")
	fs.DurationVar(&cfg.CredentialsLifetime, "function-credentials-lifetime", cfg.CredentialsLifetime,
		"how long an environment's role credentials last; environments are retired before they run out")
	fs.DurationVar(&cfg.ScheduleTick, "schedule-tick", cfg.ScheduleTick, "how long a minute of a rate() schedule lasts (shorter only for tests)")
	fs.StringVar(&cfg.ObjectsBackend, "objects-backend", "",
		"keep S3 objects' bytes in a bucket of another S3-compatible store, http(s)://host:port/bucket, reached with the keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (default: under the data directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Records logged with a request's context carry its id, service and
	// operation.
	cfg.ObjectsKey = sigv4.Key{AccessKeyID: os.Getenv("AWS_ACCESS_KEY_ID"), Secret: os.Getenv("AWS_SECRET_ACCESS_KEY")}
	cfg.Logger = slog.New(logctx.NewHandler(slog.NewTextHandler(stderr, nil)))
	return server.Run(ctx, cfg)
}

// clusterFlags declares the settings of a server that is one of several on
// a NATS cluster.
func clusterFlags(fs *flag.FlagSet, cfg *server.Config) {
	fs.StringVar(&cfg.NodeName, "node-name", "", "this server's name among the members of a cluster (default: host:port of --listen)")
	fs.IntVar(&cfg.Replicas, "replicas", cfg.Replicas, "NATS servers that keep a copy of every stream and bucket (with --nats-url)")
	fs.DurationVar(&cfg.LeaseTTL, "lease-ttl", cfg.LeaseTTL, "how long a once-per-region loop waits to move to another server after its holder died")
	fs.StringVar(&cfg.NodeURL, "node-url", "", "where the other servers of a cluster reach this one (default: http://<listen address>)")
	fs.IntVar(&cfg.MemoryMB, "memory-mb", 0, "memory this server's environments may reserve; a synchronous invocation that needs more runs on another server (0: no bound)")
	fs.DurationVar(&cfg.DrainTimeout, "drain-timeout", cfg.DrainTimeout, "how long a server that got SIGTERM waits for the invocations it runs")
}
