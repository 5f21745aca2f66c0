package sts

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/policy"
	"github.com/virga-dev/virga/internal/sigv4"
	"github.com/virga-dev/virga/internal/store"
)

type memBucket struct {
	mu   sync.Mutex
	data map[string][]byte
}

func (b *memBucket) Get(_ context.Context, key string) (store.Entry, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.data[key]
	if !ok {
		return store.Entry{}, store.ErrNotFound
	}
	return store.Entry{Key: key, Value: v}, nil
}

func (b *memBucket) Create(_ context.Context, key string, value []byte) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.data[key]; ok {
		return 0, store.ErrExists
	}
	b.data[key] = value
	return 1, nil
}

type roles map[string]iam.Role

func (r roles) RoleByARN(_ context.Context, arn string) (iam.Role, error) {
	if role, ok := r[arn]; ok {
		return role, nil
	}
	return iam.Role{}, aws.Errorf(aws.ErrNotFound, "no role")
}

func (r roles) RoleIdentity(_ context.Context, arn string) (iam.Identity, error) {
	id := iam.Identity{Role: r[arn]}
	id.Trust, _ = policy.Parse([]byte(id.Role.AssumeRolePolicyDocument))
	return id, nil
}

const (
	acct     = "111122223333"
	appRole  = "arn:aws:iam::111122223333:role/svc/app"
	deskRole = "arn:aws:iam::111122223333:role/desk"
)

var testRoles = roles{
	appRole: {Arn: appRole, RoleId: "AROAAPP", MaxSessionDuration: 7200,
		AssumeRolePolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com","AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`},
	deskRole: {Arn: deskRole, RoleId: "AROADESK", MaxSessionDuration: 3600,
		AssumeRolePolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"secret"}}}]}`},
}

func newService() (*Service, *memBucket) {
	b := &memBucket{data: map[string][]byte{}}
	return New(b, testRoles), b
}

var root = sigv4.Key{Account: acct, AccessKeyID: "AKIAROOT"}

func TestAssumeRole(t *testing.T) {
	ctx := context.Background()
	s, b := newService()
	got, err := s.AssumeRole(ctx, root, AssumeRoleInput{RoleArn: appRole, RoleSessionName: "deploy", DurationSeconds: 7200})
	if err != nil {
		t.Fatal(err)
	}
	c := got.Credentials
	if got.Arn != "arn:aws:sts::111122223333:assumed-role/app/deploy" || got.AssumedRoleId != "AROAAPP:deploy" ||
		!strings.HasPrefix(c.AccessKeyId, "ASIA") || len(c.AccessKeyId) != 20 || len(c.SecretAccessKey) != 40 || c.SessionToken == "" {
		t.Errorf("AssumeRole = %+v", got)
	}
	if d := time.Until(c.Expiration); d < 119*time.Minute || d > 2*time.Hour {
		t.Errorf("expires in %v, want 2h", d)
	}
	t.Run("FoundByKeyOnAnotherServer", func(t *testing.T) {
		other := New(b, testRoles)
		k, ok, err := other.Key(ctx, c.AccessKeyId)
		if err != nil || !ok || k.SessionToken != c.SessionToken || k.Role.ARN != appRole || k.Role.Session != "deploy" || k.Account != acct {
			t.Errorf("Key = %+v %v %v", k, ok, err)
		}
	})
	t.Run("UnknownKey", func(t *testing.T) {
		if _, ok, err := s.Key(ctx, "ASIANOTHING"); ok || err != nil {
			t.Errorf("Key = %v %v", ok, err)
		}
	})
	denied := func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, aws.ErrAccessDenied) {
			t.Errorf("AssumeRole = %v, want AccessDenied", err)
		}
	}
	t.Run("NotTrusted", func(t *testing.T) {
		_, err := s.AssumeRole(ctx, root, AssumeRoleInput{RoleArn: deskRole, RoleSessionName: "x1"})
		denied(t, err)
	})
	t.Run("OtherAccountWithExternalID", func(t *testing.T) {
		caller := sigv4.Key{Account: "444455556666"}
		_, err := s.AssumeRole(ctx, caller, AssumeRoleInput{RoleArn: deskRole, RoleSessionName: "x1"})
		denied(t, err)
		if _, err := s.AssumeRole(ctx, caller, AssumeRoleInput{RoleArn: deskRole, RoleSessionName: "x1", ExternalId: "secret"}); err != nil {
			t.Error(err)
		}
	})
	t.Run("NoSuchRole", func(t *testing.T) {
		_, err := s.AssumeRole(ctx, root, AssumeRoleInput{RoleArn: "arn:aws:iam::111122223333:role/none", RoleSessionName: "x1"})
		denied(t, err)
	})
	t.Run("LongerThanTheRoleAllows", func(t *testing.T) {
		_, err := s.AssumeRole(ctx, root, AssumeRoleInput{RoleArn: appRole, RoleSessionName: "x1", DurationSeconds: 7201})
		if !errors.Is(err, aws.ErrValidation) || !strings.Contains(err.Error(), "MaxSessionDuration") {
			t.Errorf("AssumeRole = %v", err)
		}
	})
	t.Run("Chained", func(t *testing.T) {
		k, _, _ := s.Key(ctx, c.AccessKeyId)
		_, err := s.AssumeRole(ctx, k, AssumeRoleInput{RoleArn: appRole, RoleSessionName: "x1", DurationSeconds: 7200})
		if !errors.Is(err, aws.ErrValidation) || !strings.Contains(err.Error(), "role chaining") {
			t.Errorf("AssumeRole = %v", err)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		for _, in := range []AssumeRoleInput{
			{RoleArn: "short", RoleSessionName: "ok"},
			{RoleArn: appRole, RoleSessionName: "x"},
			{RoleArn: appRole, RoleSessionName: "has space"},
			{RoleArn: appRole, RoleSessionName: "ok", DurationSeconds: 60},
		} {
			if _, err := s.AssumeRole(ctx, root, in); !errors.Is(err, aws.ErrValidation) {
				t.Errorf("AssumeRole(%+v) = %v, want a validation error", in, err)
			}
		}
	})
}

func TestGetSessionToken(t *testing.T) {
	ctx := context.Background()
	s, _ := newService()
	c, err := s.GetSessionToken(ctx, root, 43200)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(c.Expiration); d > time.Hour || d < 59*time.Minute {
		t.Errorf("a root user's session lasts %v, want an hour", d)
	}
	k, ok, _ := s.Key(ctx, c.AccessKeyId)
	if !ok || k.Role.ARN != "" || k.Principal() != "arn:aws:iam::111122223333:root" {
		t.Errorf("Key = %+v", k)
	}
	if _, err := s.GetSessionToken(ctx, asSession(k), 0); !errors.Is(err, aws.ErrAccessDenied) {
		t.Errorf("from a role session: %v", err)
	}
}

// asSession is k as a role session.
func asSession(k sigv4.Key) sigv4.Key {
	k.Role = sigv4.RoleSession{ARN: appRole, ID: "AROAAPP", Session: "s"}
	return k
}

func TestForFunction(t *testing.T) {
	ctx := context.Background()
	s, _ := newService()
	t.Run("TrustedRole", func(t *testing.T) {
		c, err := s.ForFunction(ctx, acct, appRole, "orders", 12*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		k, _, _ := s.Key(ctx, c.AccessKeyId)
		if k.Principal() != "arn:aws:sts::111122223333:assumed-role/app/orders" || k.UserID() != "AROAAPP:orders" {
			t.Errorf("session %+v", k)
		}
	})
	t.Run("RoleLambdaCannotAssume", func(t *testing.T) {
		if _, err := s.ForFunction(ctx, acct, deskRole, "orders", time.Hour); !errors.Is(err, ErrNotAssumable) {
			t.Errorf("ForFunction = %v", err)
		}
	})
	t.Run("RoleIAMDoesNotHold", func(t *testing.T) {
		c, err := s.ForFunction(ctx, acct, "arn:aws:iam::123456789012:role/lambda", "hello", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		k, _, _ := s.Key(ctx, c.AccessKeyId)
		if k.Principal() != "arn:aws:sts::111122223333:assumed-role/lambda/hello" || !strings.HasPrefix(k.UserID(), "AROA") {
			t.Errorf("session %+v", k)
		}
		again, _ := s.ForFunction(ctx, acct, "arn:aws:iam::123456789012:role/lambda", "hello", time.Hour)
		k2, _, _ := s.Key(ctx, again.AccessKeyId)
		if k2.Role.ID != k.Role.ID {
			t.Errorf("the stand-in role's id changed: %s, %s", k.Role.ID, k2.Role.ID)
		}
	})
}
