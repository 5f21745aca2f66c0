package control

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/virga-dev/virga/internal/store"
)

// Sealer encrypts and decrypts with KMS keys: the key a function's
// KMSKeyArn names, or the account's default key for Lambda when ref is "".
type Sealer interface {
	Seal(ctx context.Context, account, service, ref string, plain []byte, encCtx map[string]string) ([]byte, error)
	Open(ctx context.Context, account string, blob []byte, encCtx map[string]string) ([]byte, error)
}

// SealEnvironments keeps the environment variables of the function
// configurations in b encrypted: each Environment's Variables are stored as
// one KMS blob (member "Sealed"), bound to the record's key, and opened
// again when read. Records stored before, with plain variables, read as
// they are and are sealed when next written.
func SealEnvironments(b Bucket, s Sealer, account string) Bucket {
	return &sealedBucket{Bucket: b, sealer: s, account: account}
}

type sealedBucket struct {
	Bucket
	sealer  Sealer
	account string
}

func (b *sealedBucket) Get(ctx context.Context, key string) (store.Entry, error) {
	e, err := b.Bucket.Get(ctx, key)
	if err != nil {
		return e, err
	}
	e.Value, err = b.transform(ctx, key, e.Value, b.open)
	return e, err
}

func (b *sealedBucket) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	sealed, err := b.transform(ctx, key, value, b.seal)
	if err != nil {
		return 0, err
	}
	return b.Bucket.Create(ctx, key, sealed)
}

func (b *sealedBucket) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	sealed, err := b.transform(ctx, key, value, b.seal)
	if err != nil {
		return 0, err
	}
	return b.Bucket.Update(ctx, key, sealed, rev)
}

// envChange changes one configuration (an object with an Environment) of
// the record at key.
type envChange func(ctx context.Context, key string, config, env map[string]any) error

// transform applies change to every configuration in a JSON record.
func (b *sealedBucket) transform(ctx context.Context, key string, value []byte, change envChange) ([]byte, error) {
	var v any
	if err := json.Unmarshal(value, &v); err != nil {
		return value, nil // not a record of configurations: kept as it is
	}
	if err := eachEnvironment(v, func(config, env map[string]any) error { return change(ctx, key, config, env) }); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// eachEnvironment calls fn for every object in v with an Environment object.
func eachEnvironment(v any, fn func(config, env map[string]any) error) error {
	switch v := v.(type) {
	case map[string]any:
		if env, ok := v["Environment"].(map[string]any); ok {
			if err := fn(v, env); err != nil {
				return err
			}
		}
		for _, child := range v {
			if err := eachEnvironment(child, fn); err != nil {
				return err
			}
		}
	case []any:
		for _, child := range v {
			if err := eachEnvironment(child, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// recordContext binds a blob to the record it is stored in.
func recordContext(key string) map[string]string { return map[string]string{"virga:record": key} }

func (b *sealedBucket) seal(ctx context.Context, key string, config, env map[string]any) error {
	vars, ok := env["Variables"].(map[string]any)
	if !ok || len(vars) == 0 {
		return nil
	}
	plain, err := json.Marshal(vars)
	if err != nil {
		return err
	}
	ref, _ := config["KMSKeyArn"].(string)
	blob, err := b.sealer.Seal(ctx, b.account, "lambda", ref, plain, recordContext(key))
	if err != nil {
		return fmt.Errorf("encrypt the environment of %s: %w", key, err)
	}
	env["Sealed"] = base64.StdEncoding.EncodeToString(blob)
	delete(env, "Variables")
	return nil
}

func (b *sealedBucket) open(ctx context.Context, key string, _, env map[string]any) error {
	sealed, ok := env["Sealed"].(string)
	if !ok {
		return nil // stored before environments were sealed
	}
	blob, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return fmt.Errorf("environment of %s: %w", key, err)
	}
	plain, err := b.sealer.Open(ctx, b.account, blob, recordContext(key))
	if err != nil {
		return fmt.Errorf("decrypt the environment of %s: %w", key, err)
	}
	var vars map[string]any
	if err := json.Unmarshal(plain, &vars); err != nil {
		return fmt.Errorf("environment of %s: %w", key, err)
	}
	env["Variables"] = vars
	delete(env, "Sealed")
	return nil
}
