package apigw

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"
	"time"
)

// authCache keeps authorizers' decisions for their TTL, keyed by API,
// stage, authorizer (and its configuration) and the identity sources'
// values. It is a cache, not state: a server that lacks an entry asks the
// authorizer again, so each server keeps its own in memory.
type authCache struct {
	mu      sync.Mutex
	entries map[string]cached
}

type cached struct {
	decision decision
	expires  time.Time
}

// sweepAbove is the size past which a put drops expired entries.
const sweepAbove = 10000

func newAuthCache() *authCache { return &authCache{entries: map[string]cached{}} }

// cacheKey is the key of an authorizer's decision for identity on a stage.
func cacheKey(apiID, stage string, au *Authorizer, identity []string) string {
	config, _ := json.Marshal(au)
	sum := sha256.Sum256(config)
	return apiID + "/" + stage + "/" + au.AuthorizerID + "/" + hex.EncodeToString(sum[:8]) + "/" + strings.Join(identity, "\x00")
}

func (c *authCache) get(key string, now time.Time) (decision, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || !now.Before(e.expires) {
		return decision{}, false
	}
	return e.decision, true
}

func (c *authCache) put(key string, d decision, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= sweepAbove {
		for k, e := range c.entries {
			if !expires.Before(e.expires) {
				delete(c.entries, k)
			}
		}
	}
	c.entries[key] = cached{decision: d, expires: expires}
}

// reset forgets every decision cached for a stage of an API.
func (c *authCache) reset(apiID, stage string) {
	prefix := apiID + "/" + stage + "/"
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if strings.HasPrefix(k, prefix) {
			delete(c.entries, k)
		}
	}
}
