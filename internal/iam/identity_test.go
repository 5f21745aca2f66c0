package iam

import (
	"context"
	"testing"

	"github.com/virga-dev/virga/internal/policy"
)

// allows reports whether the identity lets a session of its role perform
// action on every resource.
func allows(id Identity, action string) bool {
	req := policy.Request{Principal: policy.Principal{Account: "111122223333"}, Action: action, Resource: "*"}
	return policy.Evaluate(req, id.Policies, nil).Decision == policy.Allowed
}

func TestRoleIdentity(t *testing.T) {
	ctx := context.Background()
	s := New(newMem(), newMem())
	r, err := s.CreateRole(ctx, "111122223333", CreateRoleInput{RoleName: "app", AssumeRolePolicyDocument: trust,
		Tags: []Tag{{Key: "team", Value: "core"}}})
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.RoleIdentity(ctx, r.Arn)
	if err != nil || len(id.Policies) != 0 || id.Tags["team"] != "core" {
		t.Fatalf("new role: %+v %v", id, err)
	}
	t.Run("InlinePolicySeenAtOnce", func(t *testing.T) {
		doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"lambda:ListFunctions","Resource":"*"}}`
		if err := s.PutRolePolicy(ctx, "111122223333", "app", "list", doc); err != nil {
			t.Fatal(err)
		}
		id, err := s.RoleIdentity(ctx, r.Arn)
		if err != nil || !allows(id, "lambda:ListFunctions") {
			t.Errorf("after PutRolePolicy: %+v %v", id, err)
		}
	})
	t.Run("AttachedManagedPolicy", func(t *testing.T) {
		if err := s.AttachRolePolicy(ctx, "111122223333", "app", "arn:aws:iam::aws:policy/AmazonSQSFullAccess"); err != nil {
			t.Fatal(err)
		}
		id, err := s.RoleIdentity(ctx, r.Arn)
		if err != nil || !allows(id, "sqs:SendMessage") || allows(id, "sns:Publish") {
			t.Errorf("after AttachRolePolicy: %+v %v", id, err)
		}
	})
	t.Run("RoleIAMDoesNotHold", func(t *testing.T) {
		id, err := s.RoleIdentity(ctx, "arn:aws:iam::123456789012:role/lambda")
		if err != nil || !allows(id, "logs:PutLogEvents") || allows(id, "lambda:ListFunctions") {
			t.Errorf("implicit role: %+v %v", id, err)
		}
	})
	t.Run("ChangedElsewhere", func(t *testing.T) {
		s.identities.put(r.Arn, Identity{}, s.identities.gen)
		s.Changed("any")
		if id, _ := s.RoleIdentity(ctx, r.Arn); !allows(id, "lambda:ListFunctions") {
			t.Error("a change elsewhere left the cached identity")
		}
	})
}
