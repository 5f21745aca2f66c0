package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"sync"
)

// maxCachedKeys bounds the signing key cache; past it the cache starts over.
const maxCachedKeys = 1024

// keyCache keeps derived signing keys, one per secret, day, region and
// service, so a warm request skips the four-HMAC derivation.
type keyCache struct {
	mu   sync.RWMutex
	keys map[keyScope][sha256.Size]byte
}

type keyScope struct{ secret, date, region, service string }

func (c *keyCache) get(secret string, cred credential) [sha256.Size]byte {
	s := keyScope{secret, cred.date, cred.region, cred.service}
	c.mu.RLock()
	key, ok := c.keys[s]
	c.mu.RUnlock()
	if ok {
		return key
	}
	key = deriveKey(secret, cred.date, cred.region, cred.service)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil || len(c.keys) >= maxCachedKeys {
		c.keys = make(map[keyScope][sha256.Size]byte)
	}
	// Clone: the scope strings point into request headers.
	c.keys[keyScope{strings.Clone(secret), strings.Clone(cred.date), strings.Clone(cred.region), strings.Clone(cred.service)}] = key
	return key
}

// deriveKey is SigV4's signing key: HMAC chained over the date, region,
// service and terminator, starting from "AWS4" + secret.
func deriveKey(secret, date, region, service string) [sha256.Size]byte {
	k := hmacSum([]byte("AWS4"+secret), date)
	k = hmacSum(k, region)
	k = hmacSum(k, service)
	k = hmacSum(k, terminator)
	return [sha256.Size]byte(k)
}

func hmacSum(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}
