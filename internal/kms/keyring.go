package kms

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/virga-dev/virga/internal/store"
)

// Key states, as KMS names them.
const (
	stateEnabled         = "Enabled"
	stateDisabled        = "Disabled"
	statePendingDeletion = "PendingDeletion"
)

// Metadata is a key's KeyMetadata, as DescribeKey answers it.
type Metadata struct {
	AWSAccountId                string
	KeyId                       string
	Arn                         string
	CreationDate                float64
	Enabled                     bool
	Description                 string
	KeyUsage                    string
	KeyState                    string
	DeletionDate                *float64 `json:"DeletionDate,omitempty"`
	PendingDeletionWindowInDays *int     `json:"PendingDeletionWindowInDays,omitempty"`
	Origin                      string
	KeyManager                  string
	CustomerMasterKeySpec       string
	KeySpec                     string
	EncryptionAlgorithms        []string
	MultiRegion                 bool
}

// key is a stored key: its metadata and its material, sealed by the root
// key (never stored in plain form).
type key struct {
	Metadata Metadata
	Nonce    []byte
	Material []byte
}

// Keyring keeps every account's keys and aliases in the store and does
// the cryptography with them. It is safe for concurrent use.
type Keyring struct {
	region string
	root   []byte
	// keys holds keys at key.<account>.<id> and aliases at
	// alias.<account>.<name>.
	keys store.Lister
}

// NewKeyring keeps keys and aliases in a bucket, sealing key material with
// root (32 bytes, from the data directory).
func NewKeyring(region string, root []byte, keys store.Lister) (*Keyring, error) {
	if len(root) != 32 {
		return nil, fmt.Errorf("root key: %d bytes, want 32", len(root))
	}
	return &Keyring{region: region, root: root, keys: keys}, nil
}

// keyARN is the ARN of an account's key.
func (k *Keyring) keyARN(account, id string) string {
	return "arn:aws:kms:" + k.region + ":" + account + ":key/" + id
}

// storeKey is where an account's key lives in the bucket.
func storeKey(account, id string) string { return "key." + account + "." + id }

// aliasKey is where an account's alias lives in the bucket.
func aliasKey(account, name string) string { return "alias." + account + "." + name }

// materialAAD binds sealed material to its key.
func materialAAD(id string) []byte { return []byte("virga-kms-key:" + id) }

// Create makes a symmetric key for account.
func (k *Keyring) Create(ctx context.Context, account, description string, now time.Time) (Metadata, error) {
	id := newKeyID()
	nonce, sealed, err := seal(k.root, randomBytes(32), materialAAD(id))
	if err != nil {
		return Metadata{}, err
	}
	md := Metadata{
		AWSAccountId: account, KeyId: id, Arn: k.keyARN(account, id), CreationDate: epoch(now), Enabled: true,
		Description: description, KeyUsage: "ENCRYPT_DECRYPT", KeyState: stateEnabled, Origin: "AWS_KMS", KeyManager: "CUSTOMER",
		CustomerMasterKeySpec: "SYMMETRIC_DEFAULT", KeySpec: "SYMMETRIC_DEFAULT", EncryptionAlgorithms: []string{"SYMMETRIC_DEFAULT"},
	}
	return md, store.Create(ctx, k.keys, storeKey(account, id), key{Metadata: md, Nonce: nonce, Material: sealed})
}

// Describe resolves ref (key id, key ARN, alias name or alias ARN) to its key.
func (k *Keyring) Describe(ctx context.Context, account, ref string) (Metadata, error) {
	stored, err := k.resolve(ctx, account, ref)
	return stored.Metadata, err
}

// List is an account's keys, ordered by id.
func (k *Keyring) List(ctx context.Context, account string) ([]Metadata, error) {
	keys, err := store.List[key](ctx, k.keys, storeKey(account, ""))
	if err != nil {
		return nil, err
	}
	out := make([]Metadata, len(keys))
	for i, s := range keys {
		out[i] = s.Metadata
	}
	sort.Slice(out, func(i, j int) bool { return out[i].KeyId < out[j].KeyId })
	return out, nil
}

// Update changes the metadata of the key ref names with change.
func (k *Keyring) Update(ctx context.Context, account, ref string, change func(*Metadata) error) (Metadata, error) {
	found, err := k.resolve(ctx, account, ref)
	if err != nil {
		return Metadata{}, err
	}
	arn := found.Metadata.Arn
	v, err := store.Modify(ctx, k.keys, storeKey(account, found.Metadata.KeyId), func(s *key, exists bool) error {
		if !exists {
			return keyNotFound(arn)
		}
		return change(&s.Metadata)
	})
	return v.Metadata, err
}

// usableMaterial unseals the material of a key that may be used now.
func (k *Keyring) usableMaterial(s key) ([]byte, error) {
	if err := usable(s.Metadata); err != nil {
		return nil, err
	}
	m, err := open(k.root, s.Nonce, s.Material, materialAAD(s.Metadata.KeyId))
	if err != nil {
		return nil, fmt.Errorf("unseal key %s (is this the data directory's root key?): %w", s.Metadata.KeyId, err)
	}
	return m, nil
}
