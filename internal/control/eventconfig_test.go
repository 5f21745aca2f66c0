package control

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// memBucket is an in-memory Bucket.
type memBucket struct {
	mu   sync.Mutex
	rev  uint64
	data map[string]store.Entry
}

func newMemBucket() *memBucket { return &memBucket{data: map[string]store.Entry{}} }

func (b *memBucket) Get(_ context.Context, key string) (store.Entry, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.data[key]
	if !ok {
		return store.Entry{}, store.ErrNotFound
	}
	return e, nil
}

func (b *memBucket) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	return b.put(key, value, func(e store.Entry, ok bool) error {
		if ok {
			return store.ErrExists
		}
		return nil
	})
}

func (b *memBucket) Update(_ context.Context, key string, value []byte, rev uint64) (uint64, error) {
	return b.put(key, value, func(e store.Entry, ok bool) error {
		if !ok || e.Revision != rev {
			return store.ErrRevision
		}
		return nil
	})
}

func (b *memBucket) put(key string, value []byte, check func(store.Entry, bool) error) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.data[key]
	if err := check(e, ok); err != nil {
		return 0, err
	}
	b.rev++
	b.data[key] = store.Entry{Key: key, Value: value, Revision: b.rev}
	return b.rev, nil
}

func (b *memBucket) Delete(_ context.Context, key string, rev uint64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e, ok := b.data[key]; ok && rev > 0 && e.Revision != rev {
		return store.ErrRevision
	}
	delete(b.data, key)
	return nil
}

func (b *memBucket) Keys(ctx context.Context) ([]string, error) { return b.KeysWithPrefix(ctx, "") }

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

func TestEventInvokeConfigForDispatch(t *testing.T) {
	ctx := context.Background()
	functions := newMemBucket()
	s := New(Config{Region: "us-east-1", Account: "123456789012"}, Stores{
		Functions: functions, Versions: newMemBucket(), Aliases: newMemBucket(), Provisioned: newMemBucket(), EventConfigs: newMemBucket(),
	}, nil)
	rec, _ := json.Marshal(record{Latest: lambda.FunctionConfiguration{FunctionName: "fn", FunctionArn: s.functionARN("fn")}})
	functions.Create(ctx, "fn", rec)
	two := 2
	if _, err := s.PutFunctionEventInvokeConfig(ctx, arn.Function{Name: "fn"}, EventConfigInput{MaximumRetryAttempts: &two}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", lambda.LatestVersion} {
		c, ok, err := s.EventInvokeConfig(ctx, "fn", q)
		if err != nil || !ok || c.MaximumRetryAttempts == nil || *c.MaximumRetryAttempts != 2 || !strings.HasSuffix(c.FunctionArn, ":fn:$LATEST") {
			t.Errorf("qualifier %q: %+v %v %v", q, c, ok, err)
		}
	}
	for _, q := range []string{"1", "live", "a$b"} {
		if c, ok, err := s.EventInvokeConfig(ctx, "fn", q); err != nil || ok {
			t.Errorf("qualifier %q: %+v %v %v, want none", q, c, ok, err)
		}
	}
	if _, ok, err := s.EventInvokeConfig(ctx, "other", ""); err != nil || ok {
		t.Errorf("other function: %v %v", ok, err)
	}
}
