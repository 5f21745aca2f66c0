package iam

import (
	"context"
	"testing"
)

// FuzzRoleExists feeds any ARN to the lookup Lambda's CreateFunction uses:
// it must answer, never panic.
func FuzzRoleExists(f *testing.F) {
	for _, seed := range []string{"arn:aws:iam::111122223333:role/a/r", "arn:aws:iam::111122223333:role/", "arn:aws:iam:::role/", ""} {
		f.Add(seed)
	}
	s := New(newMem(), newMem())
	f.Fuzz(func(t *testing.T, roleARN string) {
		if ok, err := s.RoleExists(context.Background(), roleARN); ok || err != nil {
			t.Errorf("RoleExists(%q) = %v, %v in an empty store", roleARN, ok, err)
		}
	})
}

// FuzzPolicyPath feeds any ARN to the managed-policy lookups and the path
// parser.
func FuzzPolicyPath(f *testing.F) {
	for _, seed := range []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaRole", "arn:aws:iam::111122223333:policy", ":policy", ""} {
		f.Add(seed)
	}
	s := New(newMem(), newMem())
	f.Fuzz(func(t *testing.T, policyARN string) {
		_ = policyPath(policyARN)
		_, _ = s.GetPolicy(context.Background(), "111122223333", policyARN)
		_, _ = checkDocument(policyARN, "policyDocument")
	})
}
