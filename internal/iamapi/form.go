package iamapi

import (
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/iam"
)

// input is every member the served IAM actions take, decoded from the
// query form by the codec; each action reads the members it has.
type input struct {
	RoleName, PolicyName, PolicyArn, PolicyDocument, VersionId string
	Path, PathPrefix, Marker                                   string
	AssumeRolePolicyDocument                                   string
	Description                                                *string
	MaxSessionDuration, MaxItems                               *int
	Tags                                                       []iam.Tag
	TagKeys                                                    []string
}

// maxItems is MaxItems, between 1 and 1000 (0 when absent).
func (in input) maxItems() (int, error) {
	switch {
	case in.MaxItems == nil:
		return 0, nil
	case *in.MaxItems < 1 || *in.MaxItems > 1000:
		return 0, aws.Errorf(aws.ErrValidation, "1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000", *in.MaxItems)
	}
	return *in.MaxItems, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
