// Package server is Virga's composition root: it builds every component
// explicitly, starts them in order and stops them in reverse.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/api"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/datadir"
	"github.com/virga-dev/virga/internal/logs"
	"github.com/virga-dev/virga/internal/sigv4"
	"github.com/virga-dev/virga/internal/store"
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
	Logger               *slog.Logger
}

// Defaults returns the configuration of a plain `virga server`.
func Defaults() Config {
	return Config{
		Listen:               "127.0.0.1:9000",
		DataDir:              datadir.Default(),
		Region:               "us-east-1",
		ConcurrentExecutions: 1000,
		Logger:               slog.Default(),
	}
}

// Run serves until ctx is done, then shuts down cleanly.
func Run(ctx context.Context, cfg Config) error {
	log := cfg.Logger
	admin, err := datadir.LoadOrCreateAdmin(cfg.DataDir)
	if err != nil {
		return fmt.Errorf("administrator key: %w", err)
	}
	st, err := store.Open(ctx, store.Config{Dir: cfg.DataDir, URL: cfg.NATSURL, Listen: cfg.NATSListen})
	if err != nil {
		return err
	}
	defer st.Close()

	ctl, err := newControl(ctx, cfg, admin, st)
	if err != nil {
		return err
	}
	defer ctl.Close()

	verifier := sigv4.NewVerifier(func(id string) (sigv4.Key, bool) {
		if id != admin.AccessKeyID {
			return sigv4.Key{}, false
		}
		return sigv4.Key{AccessKeyID: admin.AccessKeyID, Secret: admin.SecretAccessKey, Account: admin.AccountID}, true
	})
	logStore, err := logs.OpenStore(ctx, st.JetStream(), 1<<30)
	if err != nil {
		return err
	}
	apiServer := api.New(api.Config{Region: cfg.Region, Logger: log}, ctl, nil, verifier, logStore)
	return serve(ctx, cfg, apiServer.Handler())
}

func newControl(ctx context.Context, cfg Config, admin datadir.Admin, st *store.Store) (*control.Service, error) {
	functions, err := st.Bucket(ctx, "functions")
	if err != nil {
		return nil, err
	}
	code, err := st.Blobs(ctx, "code")
	if err != nil {
		return nil, err
	}
	ctl := control.New(control.Config{
		Region: cfg.Region, Account: admin.AccountID,
		ConcurrentExecutions: cfg.ConcurrentExecutions, Logger: cfg.Logger,
	}, functions, code, nil)
	if err := ctl.Start(ctx); err != nil {
		return nil, fmt.Errorf("start control plane: %w", err)
	}
	return ctl, nil
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
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
