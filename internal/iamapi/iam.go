package iamapi

import (
	"context"

	"github.com/virga-dev/virga/internal/iam"
)

// IAM keeps each account's roles and managed policies.
type IAM interface {
	CreateRole(ctx context.Context, account string, in iam.CreateRoleInput) (iam.Role, error)
	GetRole(ctx context.Context, account, name string) (iam.Role, error)
	UpdateRole(ctx context.Context, account, name string, in iam.UpdateRoleInput) error
	DeleteRole(ctx context.Context, account, name string) error
	ListRoles(ctx context.Context, account, pathPrefix, marker string, maxItems int) ([]iam.Role, string, error)
	UpdateAssumeRolePolicy(ctx context.Context, account, name, doc string) error
	TagRole(ctx context.Context, account, name string, tags []iam.Tag) error
	UntagRole(ctx context.Context, account, name string, keys []string) error
	ListRoleTags(ctx context.Context, account, name, marker string, maxItems int) ([]iam.Tag, string, error)

	PutRolePolicy(ctx context.Context, account, role, policy, doc string) error
	GetRolePolicy(ctx context.Context, account, role, policy string) (string, error)
	DeleteRolePolicy(ctx context.Context, account, role, policy string) error
	ListRolePolicies(ctx context.Context, account, role, marker string, maxItems int) ([]string, string, error)
	AttachRolePolicy(ctx context.Context, account, role, policyARN string) error
	DetachRolePolicy(ctx context.Context, account, role, policyARN string) error
	ListAttachedRolePolicies(ctx context.Context, account, role, pathPrefix, marker string, maxItems int) ([]iam.AttachedPolicy, string, error)

	CreatePolicy(ctx context.Context, account string, in iam.CreatePolicyInput) (iam.Policy, error)
	GetPolicy(ctx context.Context, account, policyARN string) (iam.Policy, error)
	GetPolicyVersion(ctx context.Context, account, policyARN, versionID string) (iam.PolicyVersion, error)
	DeletePolicy(ctx context.Context, account, policyARN string) error
}

type roleResult struct{ Role xmlRole }

func (s *Server) createRole(c *call, in input) (any, error) {
	create := iam.CreateRoleInput{
		RoleName: in.RoleName, Path: in.Path, AssumeRolePolicyDocument: in.AssumeRolePolicyDocument,
		Description: deref(in.Description), Tags: in.Tags,
	}
	if in.MaxSessionDuration != nil {
		create.MaxSessionDuration = *in.MaxSessionDuration
	}
	r, err := s.iam.CreateRole(c.R.Context(), c.Account(), create)
	if err != nil {
		return nil, err
	}
	return roleResult{roleXML(r, true)}, nil
}

func (s *Server) getRole(c *call, in input) (any, error) {
	r, err := s.iam.GetRole(c.R.Context(), c.Account(), in.RoleName)
	if err != nil {
		return nil, err
	}
	return roleResult{roleXML(r, true)}, nil
}

func (s *Server) updateRole(c *call, in input) (any, error) {
	update := iam.UpdateRoleInput{MaxSessionDuration: in.MaxSessionDuration, Description: in.Description}
	return struct{}{}, s.iam.UpdateRole(c.R.Context(), c.Account(), in.RoleName, update)
}

func (s *Server) deleteRole(c *call, in input) (any, error) {
	return nil, s.iam.DeleteRole(c.R.Context(), c.Account(), in.RoleName)
}

func (s *Server) listRoles(c *call, in input) (any, error) {
	n, err := in.maxItems()
	if err != nil {
		return nil, err
	}
	roles, next, err := s.iam.ListRoles(c.R.Context(), c.Account(), in.PathPrefix, in.Marker, n)
	if err != nil {
		return nil, err
	}
	out := struct {
		Roles members[xmlRole]
		truncation
	}{truncation: truncated(next)}
	for _, r := range roles {
		out.Roles.Member = append(out.Roles.Member, roleXML(r, false))
	}
	return out, nil
}

func (s *Server) updateAssumeRolePolicy(c *call, in input) (any, error) {
	return nil, s.iam.UpdateAssumeRolePolicy(c.R.Context(), c.Account(), in.RoleName, in.PolicyDocument)
}

func (s *Server) tagRole(c *call, in input) (any, error) {
	return nil, s.iam.TagRole(c.R.Context(), c.Account(), in.RoleName, in.Tags)
}

func (s *Server) untagRole(c *call, in input) (any, error) {
	return nil, s.iam.UntagRole(c.R.Context(), c.Account(), in.RoleName, in.TagKeys)
}

func (s *Server) listRoleTags(c *call, in input) (any, error) {
	n, err := in.maxItems()
	if err != nil {
		return nil, err
	}
	tags, next, err := s.iam.ListRoleTags(c.R.Context(), c.Account(), in.RoleName, in.Marker, n)
	if err != nil {
		return nil, err
	}
	out := struct {
		Tags members[xmlTag]
		truncation
	}{truncation: truncated(next)}
	for _, t := range tags {
		out.Tags.Member = append(out.Tags.Member, xmlTag(t))
	}
	return out, nil
}

// listInstanceProfilesForRole answers for a role that exists: Virga has no
// instance profiles.
func (s *Server) listInstanceProfilesForRole(c *call, in input) (any, error) {
	if _, err := in.maxItems(); err != nil {
		return nil, err
	}
	if _, err := s.iam.GetRole(c.R.Context(), c.Account(), in.RoleName); err != nil {
		return nil, err
	}
	return struct {
		InstanceProfiles members[struct{}]
		truncation
	}{}, nil
}
