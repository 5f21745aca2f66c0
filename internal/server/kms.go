package server

import (
	"context"
	"fmt"

	"github.com/virga-dev/virga/internal/datadir"
	"github.com/virga-dev/virga/internal/kms"
	"github.com/virga-dev/virga/internal/store"
)

// openKeyring opens KMS's bucket, sealed by the root key the data
// directory keeps.
func openKeyring(ctx context.Context, cfg Config, st *store.Store) (*kms.Keyring, error) {
	root, err := datadir.LoadOrCreateRootKey(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("kms root key: %w", err)
	}
	keys, err := st.Bucket(ctx, "kms")
	if err != nil {
		return nil, err
	}
	return kms.NewKeyring(cfg.Region, root, keys)
}
