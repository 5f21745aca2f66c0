package iam

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/policy"
)

// Identity is what judging a role session's request needs of its role:
// the role's identity-based policies, parsed, and its tags; and the role
// itself, whose Arn is empty when Virga's IAM does not hold it.
type Identity struct {
	Policies []*policy.Document
	Tags     map[string]string
	Role     Role
	// Trust is the role's trust policy, parsed; nil when it has none Virga
	// can read.
	Trust *policy.Document
}

// RoleIdentity returns the identity of the role roleARN names: its inline
// policies and the managed policies attached to it. A role Virga's IAM
// does not hold — the role of a function that names one of another
// account, taken on trust — has the policy of a function's default role,
// AWSLambdaBasicExecutionRole (docs/decisions/0031-credentials-and-iam.md).
// Identities are cached until IAM changes on any server.
func (s *Service) RoleIdentity(ctx context.Context, roleARN string) (Identity, error) {
	id, gen, ok := s.identities.get(roleARN)
	if ok {
		return id, nil
	}
	id, err := s.loadIdentity(ctx, roleARN)
	if err != nil {
		return Identity{}, err
	}
	s.identities.put(roleARN, id, gen)
	return id, nil
}

func (s *Service) loadIdentity(ctx context.Context, roleARN string) (Identity, error) {
	r, err := s.RoleByARN(ctx, roleARN)
	if errors.Is(err, aws.ErrNotFound) {
		r = Role{Attached: []AttachedPolicy{{PolicyArn: BasicExecutionRole}}}
	} else if err != nil {
		return Identity{}, err
	}
	id := Identity{Tags: map[string]string{}, Role: r}
	if r.AssumeRolePolicyDocument != "" {
		id.Trust, _ = policy.Parse([]byte(r.AssumeRolePolicyDocument)) // unreadable: it trusts no one
	}
	for _, t := range r.Tags {
		id.Tags[t.Key] = t.Value
	}
	for name, doc := range r.Inline {
		d, err := policy.Parse([]byte(doc))
		if err != nil {
			return Identity{}, fmt.Errorf("role %s, inline policy %s: %w", roleARN, name, err)
		}
		id.Policies = append(id.Policies, d)
	}
	account, _, _ := splitRoleARN(roleARN)
	for _, a := range r.Attached {
		p, _, err := s.loadPolicy(ctx, account, a.PolicyArn)
		if errors.Is(err, aws.ErrNotFound) {
			continue // deleted since: it grants nothing
		}
		if err != nil {
			return Identity{}, err
		}
		d, err := policy.Parse([]byte(p.Document))
		if err != nil {
			return Identity{}, fmt.Errorf("role %s, policy %s: %w", roleARN, a.PolicyArn, err)
		}
		id.Policies = append(id.Policies, d)
	}
	return id, nil
}

// Changed empties the identity cache: IAM changed a role or a policy, here
// or on another server of the cluster.
func (s *Service) Changed(string) { s.identities.forget() }

// identityCache keeps role identities until IAM changes. A generation
// keeps an identity read before a change from being stored after it.
type identityCache struct {
	mu     sync.Mutex
	gen    uint64
	byRole map[string]Identity
}

func (c *identityCache) get(roleARN string) (Identity, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.byRole[roleARN]
	return id, c.gen, ok
}

func (c *identityCache) put(roleARN string, id Identity, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.byRole == nil || len(c.byRole) >= maxCachedIdentities {
		c.byRole = map[string]Identity{}
	}
	c.byRole[roleARN] = id
}

func (c *identityCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.byRole = nil
}

// maxCachedIdentities bounds the cache; past it, it starts over.
const maxCachedIdentities = 4096

// forgetting is a bucket that empties the identity cache after every write.
type forgetting struct {
	Bucket
	forget func()
}

func (b forgetting) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	defer b.forget()
	return b.Bucket.Create(ctx, key, value)
}

func (b forgetting) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	defer b.forget()
	return b.Bucket.Update(ctx, key, value, rev)
}

func (b forgetting) Delete(ctx context.Context, key string, rev uint64) error {
	defer b.forget()
	return b.Bucket.Delete(ctx, key, rev)
}
