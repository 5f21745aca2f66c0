package kms

import (
	"bytes"
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// memBucket is a Bucket in memory, with revisions.
type memBucket struct {
	mu   sync.Mutex
	rev  uint64
	data map[string]store.Entry
}

func newMem() *memBucket { return &memBucket{data: map[string]store.Entry{}} }

func (b *memBucket) Get(_ context.Context, key string) (store.Entry, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.data[key]
	if !ok {
		return store.Entry{}, store.ErrNotFound
	}
	return e, nil
}

func (b *memBucket) Create(_ context.Context, key string, value []byte) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.data[key]; ok {
		return 0, store.ErrExists
	}
	b.rev++
	b.data[key] = store.Entry{Key: key, Value: value, Revision: b.rev}
	return b.rev, nil
}

func (b *memBucket) Update(_ context.Context, key string, value []byte, rev uint64) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.data[key].Revision != rev {
		return 0, store.ErrRevision
	}
	b.rev++
	b.data[key] = store.Entry{Key: key, Value: value, Revision: b.rev}
	return b.rev, nil
}

func (b *memBucket) Delete(_ context.Context, key string, rev uint64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if rev > 0 && b.data[key].Revision != rev {
		return store.ErrRevision
	}
	delete(b.data, key)
	return nil
}

func (b *memBucket) KeysWithPrefix(_ context.Context, prefix string) ([]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var keys []string
	for k := range b.data {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys, nil
}

const account = "111111111111"

func newTestKeyring(t *testing.T) (*Keyring, *memBucket) {
	t.Helper()
	keys := newMem()
	k, err := NewKeyring("us-east-1", bytes.Repeat([]byte{7}, 32), keys)
	if err != nil {
		t.Fatal(err)
	}
	return k, keys
}

func TestEncryptDecrypt(t *testing.T) {
	ctx := context.Background()
	k, keys := newTestKeyring(t)
	md, err := k.Create(ctx, account, "test", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := k.CreateAlias(ctx, account, "alias/app", md.KeyId, time.Now()); err != nil {
		t.Fatal(err)
	}
	encCtx := map[string]string{"fn": "a"}
	blob, _, err := k.Encrypt(ctx, account, "alias/app", []byte("hunter2"), encCtx)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("RoundTrip", func(t *testing.T) {
		plain, got, err := k.Decrypt(ctx, account, "", blob, encCtx)
		if err != nil || string(plain) != "hunter2" || got.Arn != md.Arn {
			t.Fatalf("%q %s %v", plain, got.Arn, err)
		}
	})
	t.Run("OtherContext", func(t *testing.T) {
		_, _, err := k.Decrypt(ctx, account, "", blob, map[string]string{"fn": "b"})
		if !errors.Is(err, ErrInvalidCiphertext) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("OtherAccount", func(t *testing.T) {
		_, _, err := k.Decrypt(ctx, "222222222222", "", blob, encCtx)
		if !errors.Is(err, ErrInvalidCiphertext) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("TamperedBlob", func(t *testing.T) {
		bad := bytes.Clone(blob)
		bad[len(bad)-1] ^= 1
		if _, _, err := k.Decrypt(ctx, account, "", bad, encCtx); !errors.Is(err, ErrInvalidCiphertext) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("MaterialSealed", func(t *testing.T) {
		for _, e := range keys.data {
			if bytes.Contains(e.Value, []byte("hunter2")) {
				t.Fatal("plaintext in the store")
			}
		}
	})
	t.Run("Disabled", func(t *testing.T) {
		if _, err := k.Update(ctx, account, md.KeyId, func(m *Metadata) error { m.KeyState = stateDisabled; return nil }); err != nil {
			t.Fatal(err)
		}
		_, _, err := k.Decrypt(ctx, account, "", blob, encCtx)
		if !errors.Is(err, ErrDisabled) || err.Error() != md.Arn+" is disabled." {
			t.Fatalf("err %v", err)
		}
	})
}

func TestResolveErrors(t *testing.T) {
	ctx := context.Background()
	k, _ := newTestKeyring(t)
	for _, tt := range []struct{ ref, want string }{
		{"1234abcd-12ab-34cd-56ef-1234567890ab", "Key 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist"},
		{"alias/none", "Alias 'arn:aws:kms:us-east-1:111111111111:alias/none' is not found."},
		{"arn:aws:kms:us-east-1:222222222222:key/x", "Key 'arn:aws:kms:us-east-1:222222222222:key/x' does not exist"},
	} {
		_, err := k.Describe(ctx, account, tt.ref)
		if !errors.Is(err, aws.ErrNotFound) || err.Error() != tt.want {
			t.Errorf("%s: %v", tt.ref, err)
		}
	}
}

func TestRootKeyMustFit(t *testing.T) {
	if _, err := NewKeyring("us-east-1", []byte("short"), newMem()); err == nil {
		t.Fatal("a short root key was accepted")
	}
}

func TestDefaultKeyMadeOnce(t *testing.T) {
	ctx := context.Background()
	k, _ := newTestKeyring(t)
	var blobs [][]byte
	for range 2 {
		blob, err := k.Seal(ctx, account, "lambda", "", []byte("x"), nil)
		if err != nil {
			t.Fatal(err)
		}
		blobs = append(blobs, blob)
	}
	keys, err := k.List(ctx, account)
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys %v %v", keys, err)
	}
	a, err := k.alias(ctx, account, "alias/aws/lambda")
	if err != nil || a.TargetKeyId != keys[0].KeyId {
		t.Fatalf("alias %+v %v", a, err)
	}
	if err := k.CreateAlias(ctx, account, "alias/aws/mine", keys[0].KeyId, time.Now()); !errors.Is(err, ErrInvalidAlias) {
		t.Fatalf("reserved prefix: %v", err)
	}
}
