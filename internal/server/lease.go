package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"

	"github.com/virga-dev/virga/internal/store"
)

// holderID names this server process among the holders of leases: its
// host, its process id and a random part, so that a process never takes a
// lease its predecessor left behind for its own.
func holderID() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// runLeased runs loop in the background whenever this server holds the
// named lease, until the returned stop, which waits for it and hands the
// lease back.
func runLeased(ctx context.Context, leases *store.Leases, name, holder string, log *slog.Logger, loop func(context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		leases.Run(ctx, name, holder, func(ctx context.Context) {
			log.Info("holding lease", "lease", name, "holder", holder)
			loop(ctx)
		})
	}()
	return func() {
		cancel()
		<-done
	}
}
