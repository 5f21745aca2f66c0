package sts

import (
	"context"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/store"
)

// BenchmarkForFunction measures what a cold start pays for its
// environment's credentials on the embedded store: the role's lookup and
// the session's write, for a role IAM holds and for one it does not.
func BenchmarkForFunction(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	open := func(name string) *store.Bucket {
		bk, err := st.Bucket(ctx, name)
		if err != nil {
			b.Fatal(err)
		}
		return bk
	}
	sessions, err := st.ExpiringBucket(ctx, "sessions", 13*time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	roles := iam.New(open("roles"), open("policies"))
	role, err := roles.CreateRole(ctx, acct, iam.CreateRoleInput{RoleName: "app", AssumeRolePolicyDocument: testRoles[appRole].AssumeRolePolicyDocument})
	if err != nil {
		b.Fatal(err)
	}
	s := New(sessions, roles)
	for _, tc := range []struct{ name, role string }{{"RoleInIAM", role.Arn}, {"StandIn", "arn:aws:iam::123456789012:role/bench"}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ForFunction(ctx, acct, tc.role, "fn", time.Hour); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
