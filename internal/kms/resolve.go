package kms

import (
	"context"
	"errors"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// resolve finds the key a KeyId parameter names.
func (k *Keyring) resolve(ctx context.Context, account, ref string) (key, error) {
	id, arn, err := k.keyIDOf(ctx, account, ref)
	if err != nil {
		return key{}, err
	}
	s, err := store.Get[key](ctx, k.keys, storeKey(account, id))
	if errors.Is(err, store.ErrNotFound) {
		return key{}, keyNotFound(arn)
	}
	return s, err
}

// keyIDOf turns a key reference into the id of the key it names and the
// ARN to name it by in errors.
func (k *Keyring) keyIDOf(ctx context.Context, account, ref string) (id, arn string, err error) {
	if ref == "" {
		return "", "", aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
	}
	if a, ok := aws.ParseARN(ref); ok && a.Service == "kms" {
		if a.Account != account || a.Region != k.region {
			return "", "", keyNotFound(ref)
		}
		ref = a.Resource
	}
	if name, ok := strings.CutPrefix(ref, "key/"); ok {
		return name, k.keyARN(account, name), nil
	}
	if strings.HasPrefix(ref, "alias/") {
		a, err := k.alias(ctx, account, ref)
		if err != nil {
			return "", "", err
		}
		return a.TargetKeyId, k.keyARN(account, a.TargetKeyId), nil
	}
	return ref, k.keyARN(account, ref), nil
}

// usable refuses a key that cannot encrypt or decrypt now.
func usable(md Metadata) error {
	switch md.KeyState {
	case stateDisabled:
		return aws.Errorf(ErrDisabled, "%s is disabled.", md.Arn)
	case statePendingDeletion:
		return aws.Errorf(ErrInvalidState, "%s is pending deletion.", md.Arn)
	}
	return nil
}
