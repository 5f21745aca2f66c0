// Package sigv4 verifies AWS Signature Version 4 on incoming requests, in
// the Authorization-header form and the presigned-URL form, as AWS services
// do, and makes presigned URLs that it accepts.
package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

const (
	algorithm     = "AWS4-HMAC-SHA256"
	timeFormat    = "20060102T150405Z"
	maxSkew       = 15 * time.Minute
	unsignedBody  = "UNSIGNED-PAYLOAD"
	scopeTerminal = "aws4_request"
)

// Key is a known access key.
type Key struct {
	AccessKeyID string
	Secret      string
	Account     string
}

// Identity is who signed a request, and for which region and service.
type Identity struct {
	Key     Key
	Region  string
	Service string
}

// Error is an authentication failure in AWS's terms.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Verifier checks signatures against the keys lookup knows.
type Verifier struct {
	lookup func(accessKeyID string) (Key, bool)

	mu   sync.Mutex
	keys map[string][]byte // derived signing keys by secret|date|region|service
}

// NewVerifier returns a verifier over lookup.
func NewVerifier(lookup func(accessKeyID string) (Key, bool)) *Verifier {
	return &Verifier{lookup: lookup, keys: map[string][]byte{}}
}

// Verify authenticates r, whose whole body the caller has read.
func (v *Verifier) Verify(r *http.Request, body []byte, now time.Time) (Identity, error) {
	auth, err := parse(r)
	if err != nil {
		return Identity{}, err
	}
	if err := auth.checkTime(now); err != nil {
		return Identity{}, err
	}
	key, ok := v.lookup(auth.accessKey)
	if !ok {
		return Identity{}, &Error{"UnrecognizedClientException", "The security token included in the request is invalid."}
	}
	want := v.signature(key.Secret, auth, stringToSign(auth, canonicalRequest(r, auth, body)))
	if !hmac.Equal([]byte(want), []byte(auth.signature)) {
		return Identity{}, &Error{"InvalidSignatureException",
			"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}
	}
	return Identity{Key: key, Region: auth.region, Service: auth.service}, nil
}

func stringToSign(a *authorization, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return algorithm + "\n" + a.amzDate + "\n" + a.scope() + "\n" + hex.EncodeToString(sum[:])
}

func (v *Verifier) signature(secret string, a *authorization, toSign string) string {
	return hex.EncodeToString(hmacSHA256(v.signingKey(secret, a.date, a.region, a.service), toSign))
}

// signingKey derives (once per day, region and service) the key that signs.
func (v *Verifier) signingKey(secret, date, region, service string) []byte {
	id := secret + "|" + date + "|" + region + "|" + service
	v.mu.Lock()
	k, ok := v.keys[id]
	v.mu.Unlock()
	if ok {
		return k
	}
	k = deriveKey(secret, date, region, service)
	v.mu.Lock()
	if len(v.keys) > 1024 {
		v.keys = map[string][]byte{}
	}
	v.keys[id] = k
	v.mu.Unlock()
	return k
}

func deriveKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, scopeTerminal)
}

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

func (a *authorization) scope() string {
	return strings.Join([]string{a.date, a.region, a.service, scopeTerminal}, "/")
}
