// Package iam is the slice of AWS Identity and Access Management that
// infrastructure-as-code tools need around Lambda: roles with their trust,
// inline and attached policies and tags, customer managed policies, and the
// AWS managed policies Lambda functions use. Every account has its own roles
// and policies; RoleIdentity hands a role's policies to whoever judges the
// requests of its sessions.
package iam

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// ErrMalformedPolicy is a policy document IAM cannot read.
var ErrMalformedPolicy = aws.Refine(aws.ErrInvalid, "malformed policy document")

// Bucket is the key-value store roles and policies are kept in.
type Bucket interface {
	Get(ctx context.Context, key string) (store.Entry, error)
	Create(ctx context.Context, key string, value []byte) (uint64, error)
	Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error)
	Delete(ctx context.Context, key string, rev uint64) error
	KeysWithPrefix(ctx context.Context, prefix string) ([]string, error)
}

// Service keeps roles and customer managed policies.
type Service struct {
	roles      Bucket // "account.hex(lower(name))" → Role
	policies   Bucket // "account.hex(lower(name))" → Policy
	identities identityCache
	now        func() time.Time
}

// New builds the service over its two buckets.
func New(roles, policies Bucket) *Service {
	s := &Service{now: time.Now}
	s.roles = forgetting{roles, s.identities.forget}
	s.policies = forgetting{policies, s.identities.forget}
	return s
}

// key is where an entity of account is stored. IAM names are unique without
// regard to case; hex keeps the key valid for the store and in name order.
func key(account, name string) string {
	return account + "." + hex.EncodeToString([]byte(strings.ToLower(name)))
}

// newID is an IAM unique id: a four-letter prefix naming the kind of
// entity and 17 uppercase letters and digits.
func newID(prefix string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b := make([]byte, 17)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return prefix + string(b)
}

// page returns up to maxItems items (default 100), starting at the first
// whose key is at or after marker, and the marker of the next page ("" on
// the last one). IAM's markers are the keys themselves.
func page[T any](items []T, keyOf func(T) string, marker string, maxItems int) ([]T, string) {
	if maxItems <= 0 {
		maxItems = 100
	}
	return aws.PageFrom(items, keyOf, marker, maxItems)
}
