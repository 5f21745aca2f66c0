package events

import (
	"errors"
	"sync"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/pattern"
)

// patternCache keeps compiled patterns by their text, so that PutEvents
// compiles a rule's pattern once, not at every event.
type patternCache struct {
	mu sync.Mutex
	m  map[string]*pattern.Pattern
}

// maxCachedPatterns bounds the cache; when full it starts afresh.
const maxCachedPatterns = 4096

func newPatternCache() *patternCache { return &patternCache{m: map[string]*pattern.Pattern{}} }

// compile compiles an event pattern; a pattern AWS would refuse is an
// InvalidEventPatternException with the matcher's message.
func (c *patternCache) compile(src string) (*pattern.Pattern, error) {
	c.mu.Lock()
	p, ok := c.m[src]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := pattern.Compile([]byte(src))
	if err != nil {
		var pe *pattern.Error
		if errors.As(err, &pe) {
			return nil, aws.Errorf(errInvalidPattern, "%s", pe.Message)
		}
		return nil, err
	}
	c.mu.Lock()
	if len(c.m) >= maxCachedPatterns {
		clear(c.m)
	}
	c.m[src] = p
	c.mu.Unlock()
	return p, nil
}
