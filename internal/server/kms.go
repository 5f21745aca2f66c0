package server

import (
	"context"

	"github.com/virga-dev/virga/internal/kms"
	"github.com/virga-dev/virga/internal/store"
)

// openKeyring opens KMS's bucket, sealed by the root key the data
// directory (or the cluster) keeps.
func openKeyring(ctx context.Context, cfg Config, st *store.Store, root []byte) (*kms.Keyring, error) {
	keys, err := st.Bucket(ctx, "kms")
	if err != nil {
		return nil, err
	}
	return kms.NewKeyring(cfg.Region, root, keys)
}
