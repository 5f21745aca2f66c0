package iam

import (
	"context"
	"errors"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
)

// FuzzRoleByARN feeds any ARN to the lookup Lambda's CreateFunction and
// STS use: it must answer, never panic.
func FuzzRoleByARN(f *testing.F) {
	for _, seed := range []string{"arn:aws:iam::111122223333:role/a/r", "arn:aws:iam::111122223333:role/", "arn:aws:iam:::role/", ""} {
		f.Add(seed)
	}
	s := New(newMem(), newMem())
	f.Fuzz(func(t *testing.T, roleARN string) {
		if _, err := s.RoleByARN(context.Background(), roleARN); !errors.Is(err, aws.ErrNotFound) {
			t.Errorf("RoleByARN(%q) = %v in an empty store", roleARN, err)
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
