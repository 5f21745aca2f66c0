package server

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/virga-dev/virga/internal/datadir"
	"github.com/virga-dev/virga/internal/store"
)

// secrets are the keys every server of a region must agree on.
type secrets struct {
	admin        datadir.Admin
	metricsToken string
	rootKey      []byte
	// nodeKey authenticates one server to another (forwarded
	// invocations); empty on a single server.
	nodeKey string
}

// loadSecrets reads the data directory's secrets, creating those missing.
// With an external NATS cluster the first server to start stores its own
// in the "secrets" bucket and every later one adopts them (and writes them
// into its data directory, so that `virga env` there prints the cluster's
// key): any server then accepts any client.
func loadSecrets(ctx context.Context, cfg Config, st *store.Store) (secrets, error) {
	var s secrets
	var err error
	if s.admin, err = datadir.LoadOrCreateAdmin(cfg.DataDir); err != nil {
		return s, fmt.Errorf("administrator key: %w", err)
	}
	if s.metricsToken, err = datadir.LoadOrCreateMetricsToken(cfg.DataDir); err != nil {
		return s, fmt.Errorf("metrics token: %w", err)
	}
	if s.rootKey, err = datadir.LoadOrCreateRootKey(cfg.DataDir); err != nil {
		return s, fmt.Errorf("kms root key: %w", err)
	}
	if cfg.NATSURL == "" {
		return s, nil
	}
	b, err := st.Bucket(ctx, "secrets")
	if err != nil {
		return s, err
	}
	// A replicated bucket just created answers only once its stream has a
	// leader: on a NATS cluster started with the servers, seconds later.
	for deadline := time.Now().Add(leaderWait); ; time.Sleep(250 * time.Millisecond) {
		shared, err := shareSecrets(ctx, cfg.DataDir, b, s)
		if err == nil || !errors.Is(err, jetstream.ErrNoStreamResponse) || time.Now().After(deadline) {
			return shared, err
		}
	}
}

// leaderWait bounds the wait for the secrets bucket's stream to elect a
// leader.
const leaderWait = time.Minute

// shareSecrets replaces each of s by the cluster's, storing s's where the
// cluster has none yet.
func shareSecrets(ctx context.Context, dir string, b *store.Bucket, s secrets) (secrets, error) {
	admin, _ := json.Marshal(s.admin)
	adopted, err := adopt(ctx, b, "admin", admin)
	if err == nil && !bytes.Equal(adopted, admin) {
		if err = json.Unmarshal(adopted, &s.admin); err == nil {
			err = datadir.WriteAdmin(dir, s.admin)
		}
	}
	if err == nil {
		s.metricsToken, err = adoptFile(ctx, b, dir, datadir.MetricsTokenFile, s.metricsToken)
	}
	if err == nil {
		var root string
		if root, err = adoptFile(ctx, b, dir, datadir.RootKeyFile, hex.EncodeToString(s.rootKey)); err == nil {
			s.rootKey, err = hex.DecodeString(root)
		}
	}
	if err != nil {
		return s, fmt.Errorf("share secrets: %w", err)
	}
	s.nodeKey = nodeKey(s.admin)
	return s, nil
}

// nodeKey is the secret servers of a cluster show each other, derived from
// the administrator's secret, which they all share.
func nodeKey(admin datadir.Admin) string {
	mac := hmac.New(sha256.New, []byte(admin.SecretAccessKey))
	mac.Write([]byte("virga cluster node key"))
	return hex.EncodeToString(mac.Sum(nil))
}

// adoptFile adopts the cluster's secret kept in the named file.
func adoptFile(ctx context.Context, b *store.Bucket, dir, name, local string) (string, error) {
	v, err := adoptString(ctx, b, name, local)
	if err == nil && v != local {
		err = datadir.WriteSecret(dir, name, v)
	}
	return v, err
}

func adoptString(ctx context.Context, b *store.Bucket, key, local string) (string, error) {
	v, err := adopt(ctx, b, key, []byte(local))
	return string(v), err
}

// adopt stores local at key unless the key exists (the first server
// wins), and returns what the bucket holds.
func adopt(ctx context.Context, b *store.Bucket, key string, local []byte) ([]byte, error) {
	_, err := b.Create(ctx, key, local)
	if err == nil {
		return local, nil
	}
	if !errors.Is(err, store.ErrExists) {
		return nil, err
	}
	e, err := b.Get(ctx, key)
	return e.Value, err
}
