// Package iamapi is the subset of IAM (query protocol) that Lambda users
// need: roles with their trust, inline and attached policies, tags, and
// customer managed policies. Every account sees its own entities.
package iamapi

import (
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/iam"
)

// Server serves the IAM operations.
type Server struct{ iam IAM }

// New wires the IAM API over each account's roles and policies.
func New(roles IAM) *Server { return &Server{iam: roles} }

// call is one request to an IAM operation.
type call struct{ *awsproto.Call }

// Service is IAM as the front door serves it.
func (s *Server) Service() *awsproto.Service {
	ops := []awsproto.Operation{
		action("CreateRole", s.createRole, roleResource),
		action("GetRole", s.getRole, roleResource),
		action("UpdateRole", s.updateRole, roleResource),
		action("DeleteRole", s.deleteRole, roleResource),
		action("ListRoles", s.listRoles, nil),
		action("UpdateAssumeRolePolicy", s.updateAssumeRolePolicy, roleResource),
		action("TagRole", s.tagRole, roleResource),
		action("UntagRole", s.untagRole, roleResource),
		action("ListRoleTags", s.listRoleTags, roleResource),
		action("ListInstanceProfilesForRole", s.listInstanceProfilesForRole, roleResource),
		action("PutRolePolicy", s.putRolePolicy, roleResource),
		action("GetRolePolicy", s.getRolePolicy, roleResource),
		action("DeleteRolePolicy", s.deleteRolePolicy, roleResource),
		action("ListRolePolicies", s.listRolePolicies, roleResource),
		action("AttachRolePolicy", s.attachRolePolicy, roleResource),
		action("DetachRolePolicy", s.detachRolePolicy, roleResource),
		action("ListAttachedRolePolicies", s.listAttachedRolePolicies, roleResource),
		action("CreatePolicy", s.createPolicy, policyResource),
		action("GetPolicy", s.getManagedPolicy, policyResource),
		action("GetPolicyVersion", s.getPolicyVersion, policyResource),
		action("ListPolicyVersions", s.listPolicyVersions, policyResource),
		action("DeletePolicy", s.deletePolicy, policyResource),
	}
	return &awsproto.Service{
		Name:      "iam",
		Protocols: []awsproto.Protocol{awsproto.NewQuery("https://iam.amazonaws.com/doc/2010-05-08/", ops)},
		Errors:    errorCodes,
		Authorize: awsproto.Everyone,
	}
}

// action adapts a handler of the decoded input that returns its result
// element (nil: none); resource names what IAM policies judge it on.
func action(name string, h func(c *call, in input) (any, error), resource func(*awsproto.Call) (string, error)) awsproto.Operation {
	return awsproto.Operation{Name: name, Resource: resource, Handle: func(c *awsproto.Call) error {
		var in input
		if err := c.Decode(&in); err != nil {
			return err
		}
		out, err := h(&call{c}, in)
		if err != nil {
			return err
		}
		return c.Reply(http.StatusOK, out)
	}}
}

// errorCodes is the one table from error kind to IAM's error codes.
var errorCodes = awsproto.Errors{
	aws.ErrNotFound:         {Code: "NoSuchEntity", Status: http.StatusNotFound},
	aws.ErrAlreadyExists:    {Code: "EntityAlreadyExists", Status: http.StatusConflict},
	aws.ErrValidation:       {Code: "ValidationError", Status: http.StatusBadRequest},
	iam.ErrMalformedPolicy:  {Code: "MalformedPolicyDocument", Status: http.StatusBadRequest},
	aws.ErrConflict:         {Code: "DeleteConflict", Status: http.StatusConflict},
	aws.ErrLimitExceeded:    {Code: "LimitExceeded", Status: http.StatusConflict},
	aws.ErrInvalid:          {Code: "InvalidInput", Status: http.StatusBadRequest},
	aws.ErrMalformed:        {Code: "MalformedInput", Status: http.StatusBadRequest},
	aws.ErrTooLarge:         {Code: "RequestEntityTooLarge", Status: http.StatusRequestEntityTooLarge},
	aws.ErrAccessDenied:     {Code: "AccessDenied", Status: http.StatusForbidden},
	aws.ErrUnauthenticated:  {Code: "AccessDenied", Status: http.StatusForbidden},
	aws.ErrUnknownOperation: {Code: "InvalidAction", Status: http.StatusBadRequest},
	aws.ErrInternal:         {Code: "ServiceFailure", Status: http.StatusInternalServerError},
}
