package control

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// LayerPermissionInput is AddLayerVersionPermission's request: its body and
// the RevisionId query parameter.
type LayerPermissionInput struct {
	StatementId    string
	Action         string
	Principal      string
	OrganizationId string
	RevisionId     string
}

// layerPolicy is a layer version's resource policy.
type layerPolicy struct {
	Statements []policyStatement `json:"statements"`
	RevisionId string            `json:"revisionId"`
}

// policyStatement is one statement, its members in the order AWS writes
// them.
type policyStatement struct {
	Sid       string
	Effect    string
	Principal any
	Action    string
	Resource  string
	Condition map[string]map[string]string `json:",omitempty"`
}

// Patterns of AddLayerVersionPermission's members, from the model.
const (
	statementIDPattern    = `([a-zA-Z0-9-_]+)`
	layerActionPattern    = `lambda:GetLayerVersion`
	layerPrincipalPattern = `\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root`
	organizationIDPattern = `o-[a-z0-9]{10,32}`
)

var (
	statementIDRE    = regexp.MustCompile(`^(?:` + statementIDPattern + `)$`)
	layerPrincipalRE = regexp.MustCompile(`^(?:` + layerPrincipalPattern + `)$`)
	organizationIDRE = regexp.MustCompile(`^(?:` + organizationIDPattern + `)$`)
)

// AddLayerVersionPermission adds a statement to a layer version's policy and
// returns it as JSON, with the policy's new revision.
func (s *Service) AddLayerVersionPermission(ctx context.Context, layerName string, version int64, in LayerPermissionInput) (string, string, error) {
	ref, err := s.layerRef(layerName)
	if err != nil {
		return "", "", err
	}
	if err := validatePermission(in); err != nil {
		return "", "", err
	}
	ref.Version = version
	var st policyStatement
	var revision string
	err = s.modifyLayerVersion(ctx, ref, func(v *layerVersion) error {
		p := v.Policy
		if p == nil {
			p = &layerPolicy{}
		}
		if slices.ContainsFunc(p.Statements, func(st policyStatement) bool { return st.Sid == in.StatementId }) {
			return aws.Errorf(aws.ErrConflict,
				"The statement id (%s) provided already exists. Please provide a new statement id, or remove the existing statement.", in.StatementId)
		}
		if err := checkPolicyRevision(p, in.RevisionId); err != nil {
			return err
		}
		st = layerStatement(in, v.Config.LayerVersionArn)
		p.Statements = append(p.Statements, st)
		if n := len(policyDocument(p)); n > lambda.MaxPolicyBytes {
			return aws.Errorf(lambda.ErrPolicyLengthExceeded, "The final policy size (%d) is bigger than the limit (%d).", n, lambda.MaxPolicyBytes)
		}
		p.RevisionId, v.Policy = lambda.NewUUID(), p
		revision = p.RevisionId
		return nil
	})
	if err != nil {
		return "", "", err
	}
	data, _ := json.Marshal(st)
	return string(data), revision, nil
}

// GetLayerVersionPolicy returns a layer version's policy as JSON and its
// revision.
func (s *Service) GetLayerVersionPolicy(ctx context.Context, layerName string, version int64) (string, string, error) {
	ref, err := s.layerRef(layerName)
	if err != nil {
		return "", "", err
	}
	ref.Version = version
	v, err := s.findLayerVersion(ctx, ref)
	if err != nil {
		return "", "", err
	}
	if v.Policy == nil || len(v.Policy.Statements) == 0 {
		return "", "", aws.Errorf(aws.ErrNotFound, "No policy is associated with the given resource.")
	}
	return policyDocument(v.Policy), v.Policy.RevisionId, nil
}

// RemoveLayerVersionPermission removes a statement from a layer version's
// policy.
func (s *Service) RemoveLayerVersionPermission(ctx context.Context, layerName string, version int64, sid, revisionID string) error {
	ref, err := s.layerRef(layerName)
	if err != nil {
		return err
	}
	if !statementIDRE.MatchString(sid) || len(sid) > 100 {
		return arn.ConstraintError(sid, "statementId", "Member must satisfy regular expression pattern: "+statementIDPattern)
	}
	ref.Version = version
	return s.modifyLayerVersion(ctx, ref, func(v *layerVersion) error {
		p := v.Policy
		if p == nil {
			p = &layerPolicy{}
		}
		if err := checkPolicyRevision(p, revisionID); err != nil {
			return err
		}
		i := slices.IndexFunc(p.Statements, func(st policyStatement) bool { return st.Sid == sid })
		if i < 0 {
			return aws.Errorf(aws.ErrNotFound, "Statement %s is not found in resource policy.", sid)
		}
		p.Statements = slices.Delete(p.Statements, i, i+1)
		p.RevisionId, v.Policy = lambda.NewUUID(), p
		return nil
	})
}

func checkPolicyRevision(p *layerPolicy, revisionID string) error {
	if revisionID != "" && revisionID != p.RevisionId {
		return aws.Errorf(aws.ErrPreconditionFailed,
			"The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id")
	}
	return nil
}

func validatePermission(in LayerPermissionInput) error {
	checks := []struct {
		value, field, pattern string
		re                    func(string) bool
		max                   int
	}{
		{in.StatementId, "statementId", statementIDPattern, statementIDRE.MatchString, 100},
		{in.Action, "action", layerActionPattern, func(a string) bool { return a == layerActionPattern }, 22},
		{in.Principal, "principal", layerPrincipalPattern, layerPrincipalRE.MatchString, 0},
	}
	for _, c := range checks {
		switch {
		case c.value == "":
			return arn.ConstraintError(nil, c.field, "Member must not be null")
		case c.max > 0 && len(c.value) > c.max:
			return arn.ConstraintError(c.value, c.field, "Member must have length less than or equal to "+strconv.Itoa(c.max))
		case !c.re(c.value):
			return arn.ConstraintError(c.value, c.field, "Member must satisfy regular expression pattern: "+c.pattern)
		}
	}
	if in.OrganizationId != "" && !organizationIDRE.MatchString(in.OrganizationId) {
		return arn.ConstraintError(in.OrganizationId, "organizationId", "Member must satisfy regular expression pattern: "+organizationIDPattern)
	}
	return nil
}

// layerStatement builds the statement AWS adds for a permission: an account
// principal becomes its root user; an organization becomes a condition.
func layerStatement(in LayerPermissionInput, resource string) policyStatement {
	st := policyStatement{Sid: in.StatementId, Effect: "Allow", Principal: "*", Action: in.Action, Resource: resource}
	switch {
	case len(in.Principal) == 12:
		st.Principal = map[string]string{"AWS": "arn:aws:iam::" + in.Principal + ":root"}
	case in.Principal != "*":
		st.Principal = map[string]string{"AWS": in.Principal}
	}
	if in.OrganizationId != "" {
		st.Condition = map[string]map[string]string{"StringEquals": {"aws:PrincipalOrgID": in.OrganizationId}}
	}
	return st
}

func policyDocument(p *layerPolicy) string {
	data, _ := json.Marshal(struct {
		Version   string
		Id        string
		Statement []policyStatement
	}{"2012-10-17", "default", p.Statements})
	return string(data)
}
