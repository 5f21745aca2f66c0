package sts

import (
	"context"
	"errors"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/policy"
	"github.com/virga-dev/virga/internal/sigv4"
)

// lambdaService is the principal Lambda assumes execution roles as.
const lambdaService = "lambda.amazonaws.com"

// ErrNotAssumable is an execution role whose trust policy does not let
// Lambda assume it.
var ErrNotAssumable = aws.Refine(aws.ErrInvalid, "role not assumable by Lambda")

// ForFunction issues the credentials of a function environment: a session
// of its execution role named after the function, valid for lifetime. A
// role Virga's IAM holds must trust lambda.amazonaws.com. A role it does
// not hold (one of another account, taken on trust when the function was
// created) gets a session in the function's account under the same role
// ARN, whose permissions are those of a default execution role.
func (s *Service) ForFunction(ctx context.Context, account, roleARN, function string, lifetime time.Duration) (Credentials, error) {
	id, err := s.roles.RoleIdentity(ctx, roleARN)
	role := id.Role
	switch {
	case err != nil:
		return Credentials{}, err
	case role.Arn == "":
		return s.issue(ctx, account, sigv4.RoleSession{ARN: roleARN, ID: standInID(roleARN), Session: function}, lifetime)
	}
	if id.Trust == nil || !policy.Trusts(id.Trust, lambdaAssumes(roleARN, s.now())) {
		return Credentials{}, aws.Errorf(ErrNotAssumable, "The role defined for the function cannot be assumed by Lambda.")
	}
	return s.issue(ctx, accountOf(role.Arn), sigv4.RoleSession{ARN: role.Arn, ID: role.RoleId, Session: function}, lifetime)
}

// Assumable reports whether Lambda may assume a role: it exists and its
// trust policy allows lambda.amazonaws.com.
func (s *Service) Assumable(ctx context.Context, roleARN string) (bool, error) {
	role, err := s.roles.RoleByARN(ctx, roleARN)
	if errors.Is(err, aws.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return trusts(role, lambdaAssumes(roleARN, s.now())), nil
}

// lambdaAssumes is Lambda's request to assume a role, as its trust policy
// judges it.
func lambdaAssumes(roleARN string, now time.Time) policy.Request {
	who := policy.Principal{Service: lambdaService}
	return policy.Request{Principal: who, Action: "sts:AssumeRole", Resource: roleARN, Context: policy.Facts{Principal: who, Time: now}.Context()}
}
