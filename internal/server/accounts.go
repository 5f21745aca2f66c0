package server

import (
	"context"
	"encoding/json"
	"errors"
	"sync"

	"github.com/virga-dev/virga/internal/datadir"
	"github.com/virga-dev/virga/internal/store"
)

// sharedAccounts finds the accounts `virga accounts add` made in this
// server's data directory and, in a cluster, in any other server's: a
// server that finds a key in its own file stores it in the "accounts"
// bucket, where the others look for keys they do not know.
type sharedAccounts struct {
	local  *datadir.Accounts
	bucket *store.Bucket // nil on a single server

	mu    sync.Mutex
	known map[string]datadir.Account // stored in, or read from, the bucket
}

func newSharedAccounts(local *datadir.Accounts, bucket *store.Bucket) *sharedAccounts {
	return &sharedAccounts{local: local, bucket: bucket, known: map[string]datadir.Account{}}
}

// Lookup finds the account of an access key id.
func (a *sharedAccounts) Lookup(ctx context.Context, id string) (datadir.Account, bool) {
	if a.bucket == nil {
		return a.local.Lookup(id)
	}
	a.mu.Lock()
	acct, ok := a.known[id]
	a.mu.Unlock()
	if ok {
		return acct, true
	}
	if acct, ok = a.local.Lookup(id); ok {
		data, _ := json.Marshal(acct)
		if _, err := a.bucket.Create(ctx, id, data); err != nil && !errors.Is(err, store.ErrExists) {
			return acct, true // known here; stored at the next request
		}
	} else if acct, ok = a.stored(ctx, id); !ok {
		return acct, false
	}
	a.mu.Lock()
	a.known[id] = acct
	a.mu.Unlock()
	return acct, true
}

// stored reads an account another server stored.
func (a *sharedAccounts) stored(ctx context.Context, id string) (datadir.Account, bool) {
	var acct datadir.Account
	e, err := a.bucket.Get(ctx, id)
	if err != nil || json.Unmarshal(e.Value, &acct) != nil {
		return acct, false
	}
	return acct, true
}

// openAccounts opens the accounts of the data directory and, with an
// external NATS cluster, the bucket the servers share them in.
func openAccounts(ctx context.Context, cfg Config, st *store.Store) (*sharedAccounts, error) {
	local := datadir.NewAccounts(cfg.DataDir)
	if cfg.NATSURL == "" {
		return newSharedAccounts(local, nil), nil
	}
	b, err := st.Bucket(ctx, "accounts")
	if err != nil {
		return nil, err
	}
	return newSharedAccounts(local, b), nil
}
