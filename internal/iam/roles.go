package iam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/store"
)

// Role is an IAM role with everything attached to it.
type Role struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               time.Time
	AssumeRolePolicyDocument string
	Description              string
	MaxSessionDuration       int
	Tags                     []Tag
	// Inline maps the names of the role's inline policies to their documents.
	Inline map[string]string `json:",omitempty"`
	// Attached lists the managed policies attached to the role, in order.
	Attached []AttachedPolicy `json:",omitempty"`
}

// AttachedPolicy names a managed policy attached to a role.
type AttachedPolicy struct {
	PolicyName string
	PolicyArn  string
}

// CreateRoleInput is CreateRole's request.
type CreateRoleInput struct {
	RoleName                 string
	Path                     string
	AssumeRolePolicyDocument string
	Description              string
	MaxSessionDuration       int
	Tags                     []Tag
}

// UpdateRoleInput is UpdateRole's request; nil leaves a setting unchanged.
type UpdateRoleInput struct {
	Description        *string
	MaxSessionDuration *int
}

// CreateRole stores a new role of account.
func (s *Service) CreateRole(ctx context.Context, account string, in CreateRoleInput) (Role, error) {
	path, err := checkPath(in.Path)
	if err != nil {
		return Role{}, err
	}
	if err := checkRoleInput(in); err != nil {
		return Role{}, err
	}
	r := Role{
		Path: path, RoleName: in.RoleName, RoleId: newID("AROA"),
		Arn:        fmt.Sprintf("arn:aws:iam::%s:role%s%s", account, path, in.RoleName),
		CreateDate: s.now().UTC().Truncate(time.Second), AssumeRolePolicyDocument: in.AssumeRolePolicyDocument,
		Description: in.Description, MaxSessionDuration: in.MaxSessionDuration, Tags: in.Tags,
	}
	if r.MaxSessionDuration == 0 {
		r.MaxSessionDuration = 3600
	}
	data, err := json.Marshal(r)
	if err != nil {
		return Role{}, err
	}
	_, err = s.roles.Create(ctx, key(account, in.RoleName), data)
	if errors.Is(err, store.ErrExists) {
		return Role{}, aws.Errorf(aws.ErrAlreadyExists, "Role with name %s already exists.", in.RoleName)
	}
	return r, err
}

func checkRoleInput(in CreateRoleInput) error {
	if err := checkName(in.RoleName, "roleName", 64); err != nil {
		return err
	}
	if err := checkTrustPolicy(in.AssumeRolePolicyDocument); err != nil {
		return err
	}
	if err := checkDescription(in.Description); err != nil {
		return err
	}
	if err := checkSessionDuration(in.MaxSessionDuration); err != nil {
		return err
	}
	return checkTags(in.Tags)
}

func checkTrustPolicy(doc string) error {
	n, err := checkDocument(doc, "assumeRolePolicyDocument")
	if err == nil && n > maxTrustPolicy {
		return aws.Errorf(aws.ErrLimitExceeded, "Cannot exceed quota for ACLSizePerRole: %d", maxTrustPolicy)
	}
	return err
}

// GetRole returns a role of account.
func (s *Service) GetRole(ctx context.Context, account, name string) (Role, error) {
	if err := checkName(name, "roleName", 64); err != nil {
		return Role{}, err
	}
	return s.loadRole(ctx, account, name)
}

// UpdateRole changes a role's description or maximum session duration.
func (s *Service) UpdateRole(ctx context.Context, account, name string, in UpdateRoleInput) error {
	if in.Description != nil {
		if err := checkDescription(*in.Description); err != nil {
			return err
		}
	}
	if in.MaxSessionDuration != nil {
		if err := checkSessionDuration(*in.MaxSessionDuration); err != nil {
			return err
		}
	}
	return s.changeRole(ctx, account, name, func(r *Role) error {
		if in.Description != nil {
			r.Description = *in.Description
		}
		if in.MaxSessionDuration != nil {
			r.MaxSessionDuration = *in.MaxSessionDuration
		}
		return nil
	})
}

// UpdateAssumeRolePolicy replaces a role's trust policy.
func (s *Service) UpdateAssumeRolePolicy(ctx context.Context, account, name, doc string) error {
	if err := checkTrustPolicy(doc); err != nil {
		return err
	}
	return s.changeRole(ctx, account, name, func(r *Role) error {
		r.AssumeRolePolicyDocument = doc
		return nil
	})
}

// DeleteRole deletes a role that has no policies left, as IAM requires.
func (s *Service) DeleteRole(ctx context.Context, account, name string) error {
	_, err := store.Modify(ctx, s.roles, key(account, name), func(r *Role, exists bool) error {
		switch {
		case !exists:
			return noSuchRole(name)
		case len(r.Attached) > 0:
			return aws.Errorf(aws.ErrConflict, "Cannot delete entity, must detach all policies first.")
		case len(r.Inline) > 0:
			return aws.Errorf(aws.ErrConflict, "Cannot delete entity, must delete policies first.")
		}
		return store.Remove
	})
	return err
}

// ListRoles lists the roles of account whose path begins with pathPrefix,
// in name order, a page at a time.
func (s *Service) ListRoles(ctx context.Context, account, pathPrefix, marker string, maxItems int) ([]Role, string, error) {
	roles, err := s.allRoles(ctx, account)
	if err != nil {
		return nil, "", err
	}
	var matched []Role
	for _, r := range roles {
		if strings.HasPrefix(r.Path, pathPrefix) {
			matched = append(matched, r)
		}
	}
	out, next := page(matched, func(r Role) string { return strings.ToLower(r.RoleName) }, marker, maxItems)
	return out, next, nil
}

// allRoles loads every role of account, in name order.
func (s *Service) allRoles(ctx context.Context, account string) ([]Role, error) {
	keys, err := s.roles.KeysWithPrefix(ctx, account+".")
	if err != nil {
		return nil, err
	}
	roles := make([]Role, 0, len(keys))
	for _, k := range keys {
		e, err := s.roles.Get(ctx, k)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		var r Role
		if err := json.Unmarshal(e.Value, &r); err != nil {
			return nil, fmt.Errorf("decode role %s: %w", k, err)
		}
		roles = append(roles, r)
	}
	sort.Slice(roles, func(i, j int) bool { return strings.ToLower(roles[i].RoleName) < strings.ToLower(roles[j].RoleName) })
	return roles, nil
}

// TagRole adds tags to a role, replacing the values of keys it has.
func (s *Service) TagRole(ctx context.Context, account, name string, tags []Tag) error {
	if err := checkTags(tags); err != nil {
		return err
	}
	return s.changeRole(ctx, account, name, func(r *Role) error {
		merged := mergeTags(r.Tags, tags)
		if len(merged) > maxTags {
			return aws.Errorf(aws.ErrLimitExceeded, "The number of tags has reached the maximum limit.")
		}
		r.Tags = merged
		return nil
	})
}

// UntagRole removes the tags with the given keys from a role.
func (s *Service) UntagRole(ctx context.Context, account, name string, keys []string) error {
	return s.changeRole(ctx, account, name, func(r *Role) error {
		kept := r.Tags[:0:0]
		for _, t := range r.Tags {
			drop := false
			for _, k := range keys {
				drop = drop || strings.EqualFold(t.Key, k)
			}
			if !drop {
				kept = append(kept, t)
			}
		}
		r.Tags = kept
		return nil
	})
}

// ListRoleTags lists a role's tags a page at a time.
func (s *Service) ListRoleTags(ctx context.Context, account, name, marker string, maxItems int) ([]Tag, string, error) {
	r, err := s.GetRole(ctx, account, name)
	if err != nil {
		return nil, "", err
	}
	tags := append([]Tag(nil), r.Tags...)
	sort.Slice(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
	out, next := page(tags, func(t Tag) string { return t.Key }, marker, maxItems)
	return out, next, nil
}

// RoleByARN returns the role roleARN names, path included.
func (s *Service) RoleByARN(ctx context.Context, roleARN string) (Role, error) {
	account, name, ok := splitRoleARN(roleARN)
	if !ok {
		return Role{}, aws.Errorf(aws.ErrNotFound, "The role %s cannot be found.", roleARN)
	}
	r, err := s.loadRole(ctx, account, name)
	if err == nil && r.Arn != roleARN {
		return Role{}, noSuchRole(name) // same name under another path
	}
	return r, err
}

// splitRoleARN finds the account and the name in arn:aws:iam::A:role/path/name.
func splitRoleARN(roleARN string) (account, name string, ok bool) {
	rest, ok1 := strings.CutPrefix(roleARN, "arn:aws:iam::")
	account, resource, ok2 := strings.Cut(rest, ":role/")
	if !ok1 || !ok2 {
		return "", "", false
	}
	return account, resource[strings.LastIndex(resource, "/")+1:], true
}

func (s *Service) loadRole(ctx context.Context, account, name string) (Role, error) {
	e, err := s.roles.Get(ctx, key(account, name))
	if errors.Is(err, store.ErrNotFound) {
		return Role{}, noSuchRole(name)
	}
	if err != nil {
		return Role{}, err
	}
	var r Role
	if err := json.Unmarshal(e.Value, &r); err != nil {
		return Role{}, fmt.Errorf("decode role %s: %w", name, err)
	}
	return r, nil
}

// changeRole runs one read-modify-write of a role, retrying when another
// writer got there first.
func (s *Service) changeRole(ctx context.Context, account, name string, change func(*Role) error) error {
	if err := checkName(name, "roleName", 64); err != nil {
		return err
	}
	_, err := store.Modify(ctx, s.roles, key(account, name), func(r *Role, exists bool) error {
		if !exists {
			return noSuchRole(name)
		}
		return change(r)
	})
	return err
}

func noSuchRole(name string) error {
	return aws.Errorf(aws.ErrNotFound, "The role with name %s cannot be found.", name)
}
