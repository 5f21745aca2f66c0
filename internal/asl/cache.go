package asl

import "sync"

// maxCached bounds each cache of parsed expressions; definitions hold few
// distinct expressions, so the bound only guards against unbounded input.
const maxCached = 4096

// cache keeps what parse made of each expression text.
type cache[T any] struct {
	mu    sync.RWMutex
	m     map[string]T
	parse func(string) (T, error)
}

func newCache[T any](parse func(string) (T, error)) *cache[T] {
	return &cache[T]{m: map[string]T{}, parse: parse}
}

// get returns the parsed form of text, parsing it the first time.
func (c *cache[T]) get(text string) (T, error) {
	c.mu.RLock()
	v, ok := c.m[text]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := c.parse(text)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if len(c.m) < maxCached {
		c.m[text] = v
	}
	c.mu.Unlock()
	return v, nil
}
