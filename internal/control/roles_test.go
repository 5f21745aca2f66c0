package control

import (
	"context"
	"errors"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
)

// knownRoles is an IAM that knows a fixed set of role ARNs.
type knownRoles map[string]bool

func (k knownRoles) RoleExists(_ context.Context, roleARN string) (bool, error) {
	return k[roleARN], nil
}

func TestCheckRole(t *testing.T) {
	s := New(Config{Region: "us-east-1", Account: "111122223333", Roles: knownRoles{"arn:aws:iam::111122223333:role/known": true}}, Stores{}, nil)
	tests := []struct {
		name, role string
		ok         bool
	}{
		{"Known", "arn:aws:iam::111122223333:role/known", true},
		{"Unknown", "arn:aws:iam::111122223333:role/unknown", false},
		{"OtherAccount", "arn:aws:iam::123456789012:role/lambda-role", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.checkRole(context.Background(), tc.role)
			if tc.ok != (err == nil) || err != nil && !errors.Is(err, aws.ErrInvalid) {
				t.Errorf("checkRole(%s) = %v", tc.role, err)
			}
		})
	}
}
