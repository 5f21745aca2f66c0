package iam

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/store"
)

// memBucket is a Bucket in memory, with revisions.
type memBucket struct {
	mu   sync.Mutex
	rev  uint64
	data map[string]store.Entry
}

func newMem() *memBucket { return &memBucket{data: map[string]store.Entry{}} }

func (b *memBucket) Get(_ context.Context, key string) (store.Entry, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.data[key]
	if !ok {
		return store.Entry{}, store.ErrNotFound
	}
	return e, nil
}

func (b *memBucket) Create(_ context.Context, key string, value []byte) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.data[key]; ok {
		return 0, store.ErrExists
	}
	b.rev++
	b.data[key] = store.Entry{Key: key, Value: value, Revision: b.rev}
	return b.rev, nil
}

func (b *memBucket) Update(_ context.Context, key string, value []byte, rev uint64) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.data[key].Revision != rev {
		return 0, store.ErrRevision
	}
	b.rev++
	b.data[key] = store.Entry{Key: key, Value: value, Revision: b.rev}
	return b.rev, nil
}

func (b *memBucket) Delete(_ context.Context, key string, rev uint64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if rev > 0 && b.data[key].Revision != rev {
		return store.ErrRevision
	}
	delete(b.data, key)
	return nil
}

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

const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

func TestRoleExists(t *testing.T) {
	s := New(newMem(), newMem())
	ctx := context.Background()
	if _, err := s.CreateRole(ctx, "111122223333", CreateRoleInput{RoleName: "r", Path: "/a/", AssumeRolePolicyDocument: trust}); err != nil {
		t.Fatal(err)
	}
	for arn, want := range map[string]bool{
		"arn:aws:iam::111122223333:role/a/r": true,
		"arn:aws:iam::111122223333:role/r":   false, // the path is part of the ARN
		"arn:aws:iam::444455556666:role/a/r": false,
		"arn:aws:iam::111122223333:role/a/R": false,
		"not an arn":                         false,
	} {
		_, err := s.RoleByARN(ctx, arn)
		if got := err == nil; got != want || err != nil && !errors.Is(err, aws.ErrNotFound) {
			t.Errorf("RoleByARN(%s) = %v; want found: %v", arn, err, want)
		}
	}
}

// TestConcurrentChanges runs inline policy writes on one role at once: the
// revision check must keep every one.
func TestConcurrentChanges(t *testing.T) {
	s := New(newMem(), newMem())
	ctx := context.Background()
	if _, err := s.CreateRole(ctx, "111122223333", CreateRoleInput{RoleName: "r", AssumeRolePolicyDocument: trust}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if err := s.PutRolePolicy(ctx, "111122223333", "r", fmt.Sprintf("p%d", i), trust); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	names, _, err := s.ListRolePolicies(ctx, "111122223333", "r", "", 0)
	if err != nil || len(names) != 8 {
		t.Errorf("policies %v %v", names, err)
	}
}

func TestPaging(t *testing.T) {
	s := New(newMem(), newMem())
	ctx := context.Background()
	for _, n := range []string{"c", "A", "b"} {
		if _, err := s.CreateRole(ctx, "111122223333", CreateRoleInput{RoleName: n, AssumeRolePolicyDocument: trust}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	marker := ""
	for {
		roles, next, err := s.ListRoles(ctx, "111122223333", "/", marker, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range roles {
			got = append(got, r.RoleName)
		}
		if next == "" {
			break
		}
		marker = next
	}
	if strings.Join(got, ",") != "A,b,c" {
		t.Errorf("roles %v", got)
	}
}

func TestDocuments(t *testing.T) {
	tests := []struct {
		doc  string
		kind error
	}{
		{trust, nil},
		{"{", ErrMalformedPolicy},
		{`{"Version":"2012-10-17"}`, ErrMalformedPolicy},
		{`[]`, ErrMalformedPolicy},
		{"", aws.ErrValidation},
	}
	for _, tc := range tests {
		_, err := checkDocument(tc.doc, "policyDocument")
		if tc.kind == nil && err != nil || tc.kind != nil && !errors.Is(err, tc.kind) {
			t.Errorf("checkDocument(%q) = %v, want %v", tc.doc, err, tc.kind)
		}
	}
}

func TestManagedPolicies(t *testing.T) {
	for arn, p := range managed {
		if p.Arn != arn || !strings.HasPrefix(p.Path, "/") || !strings.HasSuffix(p.Path, "/") || len(p.PolicyId) != 21 {
			t.Errorf("%s: %+v", arn, p)
		}
		if _, err := checkDocument(p.Document, "policyDocument"); err != nil {
			t.Errorf("%s: %v", arn, err)
		}
	}
	if len(managed) != 17 {
		t.Errorf("%d managed policies", len(managed))
	}
}
