package iam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/store"
)

// Policy is a managed policy. Virga keeps one version of each, "v1".
type Policy struct {
	PolicyName       string
	PolicyId         string
	Arn              string
	Path             string
	DefaultVersionId string
	// AttachmentCount is counted when the policy is read, not stored.
	AttachmentCount int `json:"-"`
	Description     string
	CreateDate      time.Time
	UpdateDate      time.Time
	Tags            []Tag
	Document        string
}

// PolicyVersion is a version of a managed policy's document.
type PolicyVersion struct {
	Document         string
	VersionId        string
	IsDefaultVersion bool
	CreateDate       time.Time
}

// CreatePolicyInput is CreatePolicy's request.
type CreatePolicyInput struct {
	PolicyName     string
	Path           string
	PolicyDocument string
	Description    string
	Tags           []Tag
}

// CreatePolicy stores a new customer managed policy of account.
func (s *Service) CreatePolicy(ctx context.Context, account string, in CreatePolicyInput) (Policy, error) {
	path, err := checkPath(in.Path)
	if err != nil {
		return Policy{}, err
	}
	if err := checkPolicyInput(in); err != nil {
		return Policy{}, err
	}
	now := s.now().UTC().Truncate(time.Second)
	p := Policy{
		PolicyName: in.PolicyName, PolicyId: newID("ANPA"), Path: path, DefaultVersionId: "v1",
		Arn:         fmt.Sprintf("arn:aws:iam::%s:policy%s%s", account, path, in.PolicyName),
		Description: in.Description, CreateDate: now, UpdateDate: now, Tags: in.Tags, Document: in.PolicyDocument,
	}
	data, err := json.Marshal(p)
	if err != nil {
		return Policy{}, err
	}
	_, err = s.policies.Create(ctx, key(account, in.PolicyName), data)
	if errors.Is(err, store.ErrExists) {
		return Policy{}, aws.Errorf(aws.ErrAlreadyExists, "A policy called %s already exists. Duplicate names are not allowed.", in.PolicyName)
	}
	return p, err
}

func checkPolicyInput(in CreatePolicyInput) error {
	if err := checkName(in.PolicyName, "policyName", 128); err != nil {
		return err
	}
	n, err := checkDocument(in.PolicyDocument, "policyDocument")
	if err != nil {
		return err
	}
	if n > maxManagedPolicy {
		return aws.Errorf(aws.ErrLimitExceeded, "Cannot exceed quota for PolicySize: %d", maxManagedPolicy)
	}
	if err := checkDescription(in.Description); err != nil {
		return err
	}
	return checkTags(in.Tags)
}

// GetPolicy returns a managed policy: one of account's, or one of AWS's.
func (s *Service) GetPolicy(ctx context.Context, account, policyARN string) (Policy, error) {
	p, _, err := s.loadPolicy(ctx, account, policyARN)
	if err != nil {
		return Policy{}, err
	}
	p.AttachmentCount, err = s.attachments(ctx, account, p.Arn)
	return p, err
}

// GetPolicyVersion returns a version of a managed policy's document.
func (s *Service) GetPolicyVersion(ctx context.Context, account, policyARN, versionID string) (PolicyVersion, error) {
	p, _, err := s.loadPolicy(ctx, account, policyARN)
	if err != nil {
		return PolicyVersion{}, err
	}
	if versionID != p.DefaultVersionId {
		return PolicyVersion{}, aws.Errorf(aws.ErrNotFound, "Policy %s version %s does not exist or is not attachable.", policyARN, versionID)
	}
	return PolicyVersion{Document: p.Document, VersionId: versionID, IsDefaultVersion: true, CreateDate: p.CreateDate}, nil
}

// DeletePolicy deletes a customer managed policy no role has attached.
func (s *Service) DeletePolicy(ctx context.Context, account, policyARN string) error {
	if _, ok := managed[policyARN]; ok {
		return aws.Errorf(aws.ErrAccessDenied, "User: arn:aws:iam::%s:root is not authorized to perform: iam:DeletePolicy on resource: policy %s", account, policyARN)
	}
	p, rev, err := s.loadPolicy(ctx, account, policyARN)
	if err != nil {
		return err
	}
	n, err := s.attachments(ctx, account, policyARN)
	if err != nil {
		return err
	}
	if n > 0 {
		return aws.Errorf(aws.ErrConflict, "Cannot delete a policy attached to entities.")
	}
	return s.policies.Delete(ctx, key(account, p.PolicyName), rev)
}

// loadPolicy finds a managed policy by ARN.
func (s *Service) loadPolicy(ctx context.Context, account, policyARN string) (Policy, uint64, error) {
	if p, ok := managed[policyARN]; ok {
		return p, 0, nil
	}
	notFound := aws.Errorf(aws.ErrNotFound, "Policy %s was not found.", policyARN)
	rest, ok := strings.CutPrefix(policyARN, "arn:aws:iam::"+account+":policy/")
	if !ok {
		if strings.HasPrefix(policyARN, "arn:") {
			return Policy{}, 0, notFound
		}
		return Policy{}, 0, aws.Errorf(aws.ErrInvalid, "ARN %s is not valid.", policyARN)
	}
	e, err := s.policies.Get(ctx, key(account, rest[strings.LastIndex(rest, "/")+1:]))
	if errors.Is(err, store.ErrNotFound) {
		return Policy{}, 0, notFound
	}
	if err != nil {
		return Policy{}, 0, err
	}
	var p Policy
	if err := json.Unmarshal(e.Value, &p); err != nil {
		return Policy{}, 0, fmt.Errorf("decode policy %s: %w", policyARN, err)
	}
	if p.Arn != policyARN {
		return Policy{}, 0, notFound // same name under another path
	}
	return p, e.Revision, nil
}

// attachments counts the roles of account the policy is attached to.
func (s *Service) attachments(ctx context.Context, account, policyARN string) (int, error) {
	roles, err := s.allRoles(ctx, account)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range roles {
		for _, a := range r.Attached {
			if a.PolicyArn == policyARN {
				n++
			}
		}
	}
	return n, nil
}
