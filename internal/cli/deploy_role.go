package cli

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/virga-dev/virga/internal/sam"
)

// lambdaTrust lets Lambda assume a made execution role.
const lambdaTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// ensureRole makes the execution role a function without Role gets, and
// attaches its managed policies.
func (d *deployer) ensureRole(ctx context.Context, fn sam.Function) error {
	_, err := d.iam.GetRole(ctx, &iam.GetRoleInput{RoleName: &fn.NewRole})
	var missing *iamtypes.NoSuchEntityException
	if errors.As(err, &missing) {
		d.progress("creating role %s", fn.NewRole)
		_, err = d.iam.CreateRole(ctx, &iam.CreateRoleInput{RoleName: &fn.NewRole, AssumeRolePolicyDocument: aws.String(lambdaTrust),
			Tags: []iamtypes.Tag{{Key: aws.String(tagStack), Value: &d.stack}}})
	}
	if err != nil {
		return err
	}
	for _, p := range fn.Policies {
		if _, err := d.iam.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: &fn.NewRole, PolicyArn: aws.String(p)}); err != nil {
			return err
		}
	}
	return nil
}

// deleteRole removes a role the stack made for a function, if it did.
func (d *deployer) deleteRole(ctx context.Context, name string) error {
	tags, err := d.iam.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: &name})
	if err != nil || !hasTag(tags.Tags, tagStack, d.stack) {
		return nil // no such role, or not the stack's
	}
	attached, err := d.iam.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: &name})
	if err != nil {
		return err
	}
	for _, p := range attached.AttachedPolicies {
		if _, err := d.iam.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: &name, PolicyArn: p.PolicyArn}); err != nil {
			return err
		}
	}
	d.progress("deleting role %s", name)
	_, err = d.iam.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: &name})
	return err
}

func hasTag(tags []iamtypes.Tag, key, value string) bool {
	for _, t := range tags {
		if aws.ToString(t.Key) == key && aws.ToString(t.Value) == value {
			return true
		}
	}
	return false
}
