// Package sts issues temporary credentials: role sessions for callers who
// assume a role its trust policy lets them assume, session tokens for an
// account's root user, and the execution role's credentials every function
// environment starts with. Sessions live in a JetStream bucket whose
// entries expire, so every server of a cluster knows them and forgets them;
// each server keeps the ones it has seen in memory, because the signature
// check looks a key up on every request.
package sts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/sigv4"
	"github.com/virga-dev/virga/internal/store"
)

// Bucket keeps sessions by access key id: each written once, then read.
type Bucket interface {
	Create(ctx context.Context, accessKeyID string, session []byte) (uint64, error)
	Get(ctx context.Context, accessKeyID string) (store.Entry, error)
}

// Roles finds roles by ARN: as they are now, or as IAM's cache of their
// identities has them, which a cold start reads without a store round trip.
type Roles interface {
	RoleByARN(ctx context.Context, roleARN string) (iam.Role, error)
	RoleIdentity(ctx context.Context, roleARN string) (iam.Identity, error)
}

// Credentials are temporary credentials as STS returns them.
type Credentials struct {
	AccessKeyId     string
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time
}

// Service issues and finds temporary credentials.
type Service struct {
	sessions Bucket
	roles    Roles
	now      func() time.Time

	mu    sync.RWMutex
	known map[string]sigv4.Key // sessions seen, by access key id
}

// New builds the service over the sessions' bucket and IAM's roles.
func New(sessions Bucket, roles Roles) *Service {
	return &Service{sessions: sessions, roles: roles, now: time.Now, known: map[string]sigv4.Key{}}
}

// maxKnown bounds the sessions kept in memory; past it, expired ones go.
const maxKnown = 16384

// Key finds the session of an access key id, for the signature check.
// An expired session is still found until its bucket forgets it, so that
// its caller hears that it expired rather than that it is unknown.
func (s *Service) Key(ctx context.Context, accessKeyID string) (sigv4.Key, bool, error) {
	s.mu.RLock()
	k, ok := s.known[accessKeyID]
	s.mu.RUnlock()
	if ok {
		return k, true, nil
	}
	e, err := s.sessions.Get(ctx, accessKeyID)
	if errors.Is(err, store.ErrNotFound) {
		return sigv4.Key{}, false, nil
	}
	if err != nil {
		return sigv4.Key{}, false, fmt.Errorf("read session: %w", err)
	}
	if err := json.Unmarshal(e.Value, &k); err != nil {
		return sigv4.Key{}, false, fmt.Errorf("decode session %s: %w", accessKeyID, err)
	}
	s.remember(k)
	return k, true, nil
}

func (s *Service) remember(k sigv4.Key) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.known) >= maxKnown {
		now := s.now()
		for id, old := range s.known {
			if now.After(old.Expiration) {
				delete(s.known, id)
			}
		}
	}
	if len(s.known) < maxKnown {
		s.known[k.AccessKeyID] = k
	}
}

// issue makes and stores a new session for account, acting as role (zero
// for the root user), valid for d.
func (s *Service) issue(ctx context.Context, account string, role sigv4.RoleSession, d time.Duration) (Credentials, error) {
	k := sigv4.Key{
		AccessKeyID: "ASIA" + randomText(upperAlphabet, 16), Secret: randomText(secretAlphabet, 40),
		SessionToken: randomText(secretAlphabet, 256), Account: account, Role: role,
		Expiration: s.now().Add(d).UTC().Truncate(time.Second),
	}
	data, err := json.Marshal(k)
	if err != nil {
		return Credentials{}, err
	}
	if _, err := s.sessions.Create(ctx, k.AccessKeyID, data); err != nil {
		return Credentials{}, fmt.Errorf("store session: %w", err)
	}
	s.remember(k)
	return Credentials{AccessKeyId: k.AccessKeyID, SecretAccessKey: k.Secret, SessionToken: k.SessionToken, Expiration: k.Expiration}, nil
}
