package kms

import (
	"context"
	"errors"
	"time"

	"github.com/virga-dev/virga/internal/store"
)

// What other parts of Virga encrypt with: a key a caller names, or an
// account's default key for a service, made on first use as AWS makes
// alias/aws/lambda.

// Seal encrypts plain for account under the key ref names, or under the
// account's key alias/aws/<service> when ref is empty.
func (k *Keyring) Seal(ctx context.Context, account, service, ref string, plain []byte, encCtx map[string]string) ([]byte, error) {
	if ref == "" {
		id, err := k.defaultKey(ctx, account, service)
		if err != nil {
			return nil, err
		}
		ref = id
	}
	blob, _, err := k.Encrypt(ctx, account, ref, plain, encCtx)
	return blob, err
}

// Open decrypts a blob Seal made.
func (k *Keyring) Open(ctx context.Context, account string, blob []byte, encCtx map[string]string) ([]byte, error) {
	plain, _, err := k.Decrypt(ctx, account, "", blob, encCtx)
	return plain, err
}

// Usable reports, as KMS's error, why the key ref names cannot encrypt now.
func (k *Keyring) Usable(ctx context.Context, account, ref string) error {
	s, err := k.resolve(ctx, account, ref)
	if err != nil {
		return err
	}
	return usable(s.Metadata)
}

// defaultKey is the id of an account's key for a service, made with its
// alias on first use.
func (k *Keyring) defaultKey(ctx context.Context, account, service string) (string, error) {
	name := "alias/aws/" + service
	a, err := k.alias(ctx, account, name)
	if err == nil {
		return a.TargetKeyId, nil
	}
	md, err := k.Create(ctx, account, "Default key that protects my "+service+" data when no other key is defined", time.Now())
	if err != nil {
		return "", err
	}
	now := epoch(time.Now())
	err = store.Create(ctx, k.keys, aliasKey(account, name), Alias{AliasName: name, AliasArn: k.aliasARN(account, name),
		TargetKeyId: md.KeyId, CreationDate: now, LastUpdatedDate: now})
	if errors.Is(err, store.ErrExists) { // another server made it first
		a, err = k.alias(ctx, account, name)
		return a.TargetKeyId, err
	}
	return md.KeyId, err
}
