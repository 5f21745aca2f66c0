package kms

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// Alias is an alias as ListAliases answers it.
type Alias struct {
	AliasName       string
	AliasArn        string
	TargetKeyId     string
	CreationDate    float64
	LastUpdatedDate float64
}

var aliasNameRE = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]+$`)

// aliasARN is the ARN of an account's alias.
func (k *Keyring) aliasARN(account, name string) string {
	return "arn:aws:kms:" + k.region + ":" + account + ":" + name
}

// checkAliasName refuses names KMS does not allow for aliases of one's own.
func checkAliasName(name string) error {
	switch {
	case name == "":
		return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value null at 'aliasName' failed to satisfy constraint: Member must not be null")
	case len(name) > 256:
		return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value '%s' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256", name)
	case !aliasNameRE.MatchString(name):
		return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value '%s' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", name, `^[a-zA-Z0-9:/_-]+$`)
	}
	return nil
}

// CreateAlias names the key target with name.
func (k *Keyring) CreateAlias(ctx context.Context, account, name, target string, now time.Time) error {
	if !strings.HasPrefix(name, "alias/") {
		return aws.Errorf(ErrInvalidAlias, "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html")
	}
	if err := checkAliasName(name); err != nil {
		return err
	}
	if strings.HasPrefix(name, "alias/aws/") {
		return aws.Errorf(ErrInvalidAlias, "Cannot create alias with prefix 'alias/aws/'")
	}
	if strings.HasPrefix(target, "alias/") || strings.Contains(target, ":alias/") {
		return aws.Errorf(aws.ErrInvalid, "Aliases must refer to keys. Not aliases")
	}
	s, err := k.resolve(ctx, account, target)
	if err != nil {
		return err
	}
	if s.Metadata.KeyState == statePendingDeletion {
		return usable(s.Metadata)
	}
	a := Alias{AliasName: name, AliasArn: k.aliasARN(account, name), TargetKeyId: s.Metadata.KeyId, CreationDate: epoch(now), LastUpdatedDate: epoch(now)}
	err = store.Create(ctx, k.keys, aliasKey(account, name), a)
	if errors.Is(err, store.ErrExists) {
		return aws.Errorf(aws.ErrAlreadyExists, "An alias with the name %s already exists", a.AliasArn)
	}
	return err
}

// DeleteAlias removes an alias; its key stays.
func (k *Keyring) DeleteAlias(ctx context.Context, account, name string) error {
	if !strings.HasPrefix(name, "alias/") {
		return aws.Errorf(ErrInvalidAlias, "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html")
	}
	arn := k.aliasARN(account, name)
	_, err := store.Modify(ctx, k.keys, aliasKey(account, name), func(_ *Alias, exists bool) error {
		if !exists {
			return aliasNotFound(arn)
		}
		return store.Remove
	})
	return err
}

// Aliases are an account's aliases, of one key when keyID is set.
func (k *Keyring) Aliases(ctx context.Context, account, keyID string) ([]Alias, error) {
	all, err := store.List[Alias](ctx, k.keys, aliasKey(account, ""))
	if err != nil || keyID == "" {
		return all, err
	}
	md, err := k.Describe(ctx, account, keyID)
	if err != nil {
		return nil, err
	}
	var out []Alias
	for _, a := range all {
		if a.TargetKeyId == md.KeyId {
			out = append(out, a)
		}
	}
	return out, nil
}

// alias reads one alias.
func (k *Keyring) alias(ctx context.Context, account, name string) (Alias, error) {
	if checkAliasName(name) != nil {
		return Alias{}, aliasNotFound(k.aliasARN(account, name))
	}
	a, err := store.Get[Alias](ctx, k.keys, aliasKey(account, name))
	if errors.Is(err, store.ErrNotFound) {
		return Alias{}, aliasNotFound(k.aliasARN(account, name))
	}
	return a, err
}
