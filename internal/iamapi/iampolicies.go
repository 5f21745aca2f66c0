package iamapi

import "github.com/virga-dev/virga/internal/iam"

func (s *Server) putRolePolicy(c *call, in input) (any, error) {
	return nil, s.iam.PutRolePolicy(c.R.Context(), c.Account(), in.RoleName, in.PolicyName, in.PolicyDocument)
}

func (s *Server) getRolePolicy(c *call, in input) (any, error) {
	role, name := in.RoleName, in.PolicyName
	doc, err := s.iam.GetRolePolicy(c.R.Context(), c.Account(), role, name)
	if err != nil {
		return nil, err
	}
	return struct{ RoleName, PolicyName, PolicyDocument string }{role, name, encodeDocument(doc)}, nil
}

func (s *Server) deleteRolePolicy(c *call, in input) (any, error) {
	return nil, s.iam.DeleteRolePolicy(c.R.Context(), c.Account(), in.RoleName, in.PolicyName)
}

func (s *Server) listRolePolicies(c *call, in input) (any, error) {
	n, err := in.maxItems()
	if err != nil {
		return nil, err
	}
	names, next, err := s.iam.ListRolePolicies(c.R.Context(), c.Account(), in.RoleName, in.Marker, n)
	if err != nil {
		return nil, err
	}
	return struct {
		PolicyNames members[string]
		truncation
	}{members[string]{names}, truncated(next)}, nil
}

func (s *Server) attachRolePolicy(c *call, in input) (any, error) {
	return nil, s.iam.AttachRolePolicy(c.R.Context(), c.Account(), in.RoleName, in.PolicyArn)
}

func (s *Server) detachRolePolicy(c *call, in input) (any, error) {
	return nil, s.iam.DetachRolePolicy(c.R.Context(), c.Account(), in.RoleName, in.PolicyArn)
}

func (s *Server) listAttachedRolePolicies(c *call, in input) (any, error) {
	n, err := in.maxItems()
	if err != nil {
		return nil, err
	}
	attached, next, err := s.iam.ListAttachedRolePolicies(c.R.Context(), c.Account(), in.RoleName, in.PathPrefix, in.Marker, n)
	if err != nil {
		return nil, err
	}
	out := struct {
		AttachedPolicies members[xmlAttachedPolicy]
		truncation
	}{truncation: truncated(next)}
	for _, a := range attached {
		out.AttachedPolicies.Member = append(out.AttachedPolicies.Member, xmlAttachedPolicy(a))
	}
	return out, nil
}

type policyResult struct{ Policy xmlPolicy }

func (s *Server) createPolicy(c *call, in input) (any, error) {
	p, err := s.iam.CreatePolicy(c.R.Context(), c.Account(), iam.CreatePolicyInput{
		PolicyName: in.PolicyName, Path: in.Path, PolicyDocument: in.PolicyDocument,
		Description: deref(in.Description), Tags: in.Tags,
	})
	if err != nil {
		return nil, err
	}
	return policyResult{policyXML(p)}, nil
}

// getManagedPolicy is IAM's GetPolicy (Lambda's GetPolicy is getPolicy).
func (s *Server) getManagedPolicy(c *call, in input) (any, error) {
	p, err := s.iam.GetPolicy(c.R.Context(), c.Account(), in.PolicyArn)
	if err != nil {
		return nil, err
	}
	return policyResult{policyXML(p)}, nil
}

func (s *Server) getPolicyVersion(c *call, in input) (any, error) {
	v, err := s.iam.GetPolicyVersion(c.R.Context(), c.Account(), in.PolicyArn, in.VersionId)
	if err != nil {
		return nil, err
	}
	return struct{ PolicyVersion xmlPolicyVersion }{xmlPolicyVersion{
		Document: encodeDocument(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: isoTime(v.CreateDate),
	}}, nil
}

// listPolicyVersions lists a policy's one version, without its document,
// as IAM lists versions.
func (s *Server) listPolicyVersions(c *call, in input) (any, error) {
	if _, err := in.maxItems(); err != nil {
		return nil, err
	}
	p, err := s.iam.GetPolicy(c.R.Context(), c.Account(), in.PolicyArn)
	if err != nil {
		return nil, err
	}
	v := xmlPolicyVersion{VersionId: p.DefaultVersionId, IsDefaultVersion: true, CreateDate: isoTime(p.CreateDate)}
	return struct {
		Versions members[xmlPolicyVersion]
		truncation
	}{Versions: members[xmlPolicyVersion]{[]xmlPolicyVersion{v}}}, nil
}

func (s *Server) deletePolicy(c *call, in input) (any, error) {
	return nil, s.iam.DeletePolicy(c.R.Context(), c.Account(), in.PolicyArn)
}
