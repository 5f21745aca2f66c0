package invoke

import (
	"context"
	"strings"
	"sync"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/control"
)

// Cache keeps resolved function versions between invocations, so a warm
// invoke makes no store round trip. The store's change feed calls Forget.
type Cache struct {
	inner Functions

	mu      sync.RWMutex
	entries map[string]map[arn.Function]control.Function // by function name
	// gens counts a function's changes, so that a resolution read before
	// a change is not cached after it.
	gens map[string]uint64
}

// NewCache caches what inner resolves.
func NewCache(inner Functions) *Cache {
	return &Cache{inner: inner, entries: map[string]map[arn.Function]control.Function{}, gens: map[string]uint64{}}
}

// GetFunction returns the cached resolution of ref, or asks inner.
func (c *Cache) GetFunction(ctx context.Context, ref arn.Function) (control.Function, error) {
	c.mu.RLock()
	fn, ok := c.entries[ref.Name][ref]
	gen := c.gens[ref.Name]
	c.mu.RUnlock()
	if ok {
		return fn, nil
	}
	fn, err := c.inner.GetFunction(ctx, ref)
	if err != nil {
		return fn, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gens[ref.Name] != gen {
		return fn, nil // changed meanwhile: do not keep what may be stale
	}
	if c.entries[ref.Name] == nil {
		c.entries[ref.Name] = map[arn.Function]control.Function{}
	}
	c.entries[ref.Name][ref] = fn
	return fn, nil
}

// Forget drops what is cached for the function a store key belongs to
// ("name" or "name.qualifier").
func (c *Cache) Forget(key string) {
	name, _, _ := strings.Cut(key, ".")
	c.mu.Lock()
	delete(c.entries, name)
	c.gens[name]++
	c.mu.Unlock()
}
