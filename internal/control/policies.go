package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// PermissionInput is AddPermission's request body.
type PermissionInput struct {
	StatementId           string
	Action                string
	Principal             string
	SourceArn             string
	SourceAccount         string
	EventSourceToken      string
	PrincipalOrgID        string
	FunctionUrlAuthType   string
	InvokedViaFunctionUrl bool
	RevisionId            string
}

// storedPolicy is what the policies bucket keeps for a function (its
// unqualified ARN), a version or an alias. RevisionId changes with every
// statement added or removed.
type storedPolicy struct {
	RevisionId string             `json:"revisionId"`
	Statement  []lambda.Statement `json:"statement"`
}

func (p storedPolicy) document() lambda.Policy {
	return lambda.Policy{Version: "2012-10-17", Id: "default", Statement: p.Statement}
}

// AddPermission adds a statement to the resource-based policy of a
// function, version or alias and returns it.
func (s *Service) AddPermission(ctx context.Context, ref arn.Function, in PermissionInput) (lambda.Statement, error) {
	if err := checkPermission(in); err != nil {
		return lambda.Statement{}, err
	}
	if ref.Qualifier == lambda.LatestVersion {
		return lambda.Statement{}, aws.Errorf(aws.ErrInvalid, "We currently do not support adding policies for $LATEST.")
	}
	fn, err := s.findQualified(ctx, ref)
	if err != nil {
		return lambda.Statement{}, err
	}
	principal, err := principalOf(in.Principal)
	if err != nil {
		return lambda.Statement{}, err
	}
	name := fn.Configuration.FunctionName
	st := lambda.Statement{
		Sid: in.StatementId, Effect: "Allow", Principal: principal, Action: in.Action,
		Resource: s.policyResource(name, ref.Qualifier), Condition: conditions(in),
	}
	err = s.changePolicy(ctx, qualifierKey(name, ref.Qualifier), func(p *storedPolicy, exists bool) error {
		current := p.RevisionId
		if !exists {
			current = resourceRevision(fn)
		}
		if in.RevisionId != "" && in.RevisionId != current {
			return policyPreconditionFailed()
		}
		for _, old := range p.Statement {
			if old.Sid == st.Sid {
				return aws.Errorf(aws.ErrConflict,
					"The statement id (%s) provided already exists. Please provide a new statement id, or remove the existing statement.", st.Sid)
			}
		}
		p.Statement = append(p.Statement, st)
		return checkPolicySize(*p)
	})
	return st, err
}

// GetPolicy returns the resource-based policy of a function, version or
// alias, and its revision.
func (s *Service) GetPolicy(ctx context.Context, ref arn.Function) (lambda.Policy, string, error) {
	function := ref
	function.Qualifier = ""
	if _, _, err := s.find(ctx, function); err != nil {
		return lambda.Policy{}, "", err
	}
	fn, err := s.GetFunction(ctx, ref)
	if errors.Is(err, aws.ErrNotFound) {
		return lambda.Policy{}, "", noResource() // a version or alias that does not exist
	}
	if err != nil {
		return lambda.Policy{}, "", err
	}
	p, _, err := s.loadPolicy(ctx, fn.Configuration.FunctionName, ref.Qualifier)
	if errors.Is(err, store.ErrNotFound) {
		// GetPolicy's words differ from RemovePermission's, as on AWS.
		return lambda.Policy{}, "", noResource()
	}
	if err != nil {
		return lambda.Policy{}, "", err
	}
	return p.document(), p.RevisionId, nil
}

// RemovePermission removes a statement from a resource-based policy; the
// policy goes once its last statement does.
func (s *Service) RemovePermission(ctx context.Context, ref arn.Function, sid, revisionID string) error {
	if err := removeStatementID.check(sid, true); err != nil {
		return err
	}
	fn, err := s.findQualified(ctx, ref)
	if errors.Is(err, aws.ErrNotFound) && ref.Qualifier == "" && s.checkOwner(ref) == nil {
		return aws.Errorf(aws.ErrNotFound, "No policy found for: %s", s.functionARN(ref.Name))
	}
	if err != nil {
		return err
	}
	if ref.Qualifier == lambda.LatestVersion {
		return noPolicy()
	}
	key := qualifierKey(fn.Configuration.FunctionName, ref.Qualifier)
	return s.changePolicy(ctx, key, func(p *storedPolicy, exists bool) error {
		if !exists {
			return noPolicy()
		}
		i := indexOfSid(p.Statement, sid)
		if i < 0 {
			return aws.Errorf(aws.ErrNotFound, "Statement %s is not found in resource policy.", sid)
		}
		if revisionID != "" && revisionID != p.RevisionId {
			return policyPreconditionFailed()
		}
		p.Statement = append(p.Statement[:i], p.Statement[i+1:]...)
		return nil
	})
}

// changePolicy is a read-modify-write of one stored policy, retried when
// another writer came first. change sees an empty policy when there is none;
// a policy left without statements is deleted.
func (s *Service) changePolicy(ctx context.Context, key string, change func(p *storedPolicy, exists bool) error) error {
	_, err := store.Modify(ctx, s.policies, key, func(p *storedPolicy, exists bool) error {
		if err := change(p, exists); err != nil {
			return err
		}
		if len(p.Statement) == 0 {
			return store.Remove
		}
		p.RevisionId = lambda.NewUUID()
		return nil
	})
	return err
}

// loadPolicy reads the policy of a qualifier ("" for the function itself),
// or store.ErrNotFound when there is none; $LATEST never has one.
func (s *Service) loadPolicy(ctx context.Context, name, qualifier string) (storedPolicy, uint64, error) {
	switch q := canonical(qualifier); {
	case qualifier == lambda.LatestVersion, q != lambda.LatestVersion && !aliasNameRE.MatchString(q):
		return storedPolicy{}, 0, store.ErrNotFound // q names no version or alias, and is no key
	}
	key := qualifierKey(name, qualifier)
	e, err := s.policies.Get(ctx, key)
	if err != nil {
		return storedPolicy{}, 0, err
	}
	var p storedPolicy
	if err := json.Unmarshal(e.Value, &p); err != nil {
		return storedPolicy{}, 0, fmt.Errorf("decode policy %s: %w", key, err)
	}
	return p, e.Revision, nil
}

// policyResource is the ARN a statement grants access to.
func (s *Service) policyResource(name, qualifier string) string {
	if qualifier == "" {
		return s.functionARN(name)
	}
	return arn.Qualified(s.functionARN(name), canonical(qualifier))
}

// resourceRevision is the revision a policy's RevisionId precondition is
// checked against while there is no policy yet.
func resourceRevision(fn Function) string {
	if fn.Alias != nil {
		return fn.Alias.RevisionId
	}
	return fn.Configuration.RevisionId
}

func checkPolicySize(p storedPolicy) error {
	data, _ := json.Marshal(p.document())
	if len(data) > lambda.MaxPolicyBytes {
		return aws.Errorf(lambda.ErrPolicyLengthExceeded, "The final policy size (%d) is bigger than the limit (%d).", len(data), lambda.MaxPolicyBytes)
	}
	return nil
}

func indexOfSid(statements []lambda.Statement, sid string) int {
	for i, st := range statements {
		if st.Sid == sid {
			return i
		}
	}
	return -1
}

func noResource() error {
	return aws.Errorf(aws.ErrNotFound, "The resource you requested does not exist.")
}

func noPolicy() error {
	return aws.Errorf(aws.ErrNotFound, "No policy is associated with the given resource.")
}

func policyPreconditionFailed() error {
	return aws.Errorf(aws.ErrPreconditionFailed,
		"The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id")
}
