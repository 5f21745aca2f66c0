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
		action("CreateRole", s.createRole),
		action("GetRole", s.getRole),
		action("UpdateRole", s.updateRole),
		action("DeleteRole", s.deleteRole),
		action("ListRoles", s.listRoles),
		action("UpdateAssumeRolePolicy", s.updateAssumeRolePolicy),
		action("TagRole", s.tagRole),
		action("UntagRole", s.untagRole),
		action("ListRoleTags", s.listRoleTags),
		action("ListInstanceProfilesForRole", s.listInstanceProfilesForRole),
		action("PutRolePolicy", s.putRolePolicy),
		action("GetRolePolicy", s.getRolePolicy),
		action("DeleteRolePolicy", s.deleteRolePolicy),
		action("ListRolePolicies", s.listRolePolicies),
		action("AttachRolePolicy", s.attachRolePolicy),
		action("DetachRolePolicy", s.detachRolePolicy),
		action("ListAttachedRolePolicies", s.listAttachedRolePolicies),
		action("CreatePolicy", s.createPolicy),
		action("GetPolicy", s.getManagedPolicy),
		action("GetPolicyVersion", s.getPolicyVersion),
		action("ListPolicyVersions", s.listPolicyVersions),
		action("DeletePolicy", s.deletePolicy),
	}
	return &awsproto.Service{
		Name:      "iam",
		Protocols: []awsproto.Protocol{awsproto.NewQuery("https://iam.amazonaws.com/doc/2010-05-08/", ops)},
		Errors:    errorCodes,
		Authorize: awsproto.Everyone,
	}
}

// action adapts a handler of the decoded input that returns its result
// element (nil: none).
func action(name string, h func(c *call, in input) (any, error)) awsproto.Operation {
	return awsproto.Operation{Name: name, Handle: func(c *awsproto.Call) error {
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
