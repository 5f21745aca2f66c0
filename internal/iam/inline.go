package iam

import (
	"context"
	"sort"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// PutRolePolicy adds or replaces an inline policy of a role.
func (s *Service) PutRolePolicy(ctx context.Context, account, role, policy, doc string) error {
	if err := checkName(policy, "policyName", 128); err != nil {
		return err
	}
	if _, err := checkDocument(doc, "policyDocument"); err != nil {
		return err
	}
	return s.changeRole(ctx, account, role, func(r *Role) error {
		if r.Inline == nil {
			r.Inline = map[string]string{}
		}
		r.Inline[policy] = doc
		total := 0
		for _, d := range r.Inline {
			n, _ := checkDocument(d, "policyDocument")
			total += n
		}
		if total > maxInlinePolicies {
			return aws.Errorf(aws.ErrLimitExceeded, "Maximum policy size of %d bytes exceeded for role %s", maxInlinePolicies, r.RoleName)
		}
		return nil
	})
}

// GetRolePolicy returns the document of an inline policy of a role.
func (s *Service) GetRolePolicy(ctx context.Context, account, role, policy string) (string, error) {
	if err := checkName(policy, "policyName", 128); err != nil {
		return "", err
	}
	r, err := s.GetRole(ctx, account, role)
	if err != nil {
		return "", err
	}
	doc, ok := r.Inline[policy]
	if !ok {
		return "", aws.Errorf(aws.ErrNotFound, "The role policy with name %s cannot be found.", policy)
	}
	return doc, nil
}

// DeleteRolePolicy removes an inline policy from a role.
func (s *Service) DeleteRolePolicy(ctx context.Context, account, role, policy string) error {
	if err := checkName(policy, "policyName", 128); err != nil {
		return err
	}
	return s.changeRole(ctx, account, role, func(r *Role) error {
		if _, ok := r.Inline[policy]; !ok {
			return aws.Errorf(aws.ErrNotFound, "The role policy with name %s cannot be found.", policy)
		}
		delete(r.Inline, policy)
		return nil
	})
}

// ListRolePolicies lists the names of a role's inline policies.
func (s *Service) ListRolePolicies(ctx context.Context, account, role, marker string, maxItems int) ([]string, string, error) {
	r, err := s.GetRole(ctx, account, role)
	if err != nil {
		return nil, "", err
	}
	names := make([]string, 0, len(r.Inline))
	for n := range r.Inline {
		names = append(names, n)
	}
	sort.Strings(names)
	out, next := page(names, func(n string) string { return n }, marker, maxItems)
	return out, next, nil
}

// AttachRolePolicy attaches a managed policy, customer or AWS, to a role.
func (s *Service) AttachRolePolicy(ctx context.Context, account, role, policyARN string) error {
	p, err := s.attachable(ctx, account, policyARN)
	if err != nil {
		return err
	}
	return s.changeRole(ctx, account, role, func(r *Role) error {
		for _, a := range r.Attached {
			if a.PolicyArn == policyARN {
				return nil // attaching twice changes nothing, as on IAM
			}
		}
		if len(r.Attached) >= maxAttached {
			return aws.Errorf(aws.ErrLimitExceeded, "Cannot exceed quota for PoliciesPerRole: %d", maxAttached)
		}
		r.Attached = append(r.Attached, AttachedPolicy{PolicyName: p.PolicyName, PolicyArn: p.Arn})
		return nil
	})
}

func (s *Service) attachable(ctx context.Context, account, policyARN string) (Policy, error) {
	if policyARN == "" {
		return Policy{}, constraint(nil, "policyArn", "Member must not be null")
	}
	p, err := s.GetPolicy(ctx, account, policyARN)
	if err != nil {
		return Policy{}, aws.Errorf(aws.ErrNotFound, "Policy %s does not exist or is not attachable.", policyARN)
	}
	return p, nil
}

// DetachRolePolicy detaches a managed policy from a role.
func (s *Service) DetachRolePolicy(ctx context.Context, account, role, policyARN string) error {
	return s.changeRole(ctx, account, role, func(r *Role) error {
		for i, a := range r.Attached {
			if a.PolicyArn == policyARN {
				r.Attached = append(r.Attached[:i], r.Attached[i+1:]...)
				return nil
			}
		}
		return aws.Errorf(aws.ErrNotFound, "Policy %s was not found.", policyARN)
	})
}

// ListAttachedRolePolicies lists the managed policies attached to a role
// whose path begins with pathPrefix.
func (s *Service) ListAttachedRolePolicies(ctx context.Context, account, role, pathPrefix, marker string, maxItems int) ([]AttachedPolicy, string, error) {
	r, err := s.GetRole(ctx, account, role)
	if err != nil {
		return nil, "", err
	}
	var matched []AttachedPolicy
	for _, a := range r.Attached {
		if strings.HasPrefix(policyPath(a.PolicyArn), pathPrefix) {
			matched = append(matched, a)
		}
	}
	sort.Slice(matched, func(i, j int) bool { return matched[i].PolicyArn < matched[j].PolicyArn })
	out, next := page(matched, func(a AttachedPolicy) string { return a.PolicyArn }, marker, maxItems)
	return out, next, nil
}

// policyPath is the path in a policy ARN: what lies between "policy" and
// the name.
func policyPath(policyARN string) string {
	_, resource, _ := strings.Cut(policyARN, ":policy")
	return resource[:strings.LastIndex(resource, "/")+1]
}
