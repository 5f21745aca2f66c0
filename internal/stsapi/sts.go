// Package stsapi is STS (query protocol): GetCallerIdentity, which clients
// ask before anything else, and the temporary credentials of AssumeRole and
// GetSessionToken.
package stsapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/sigv4"
	"github.com/virga-dev/virga/internal/sts"
)

// Sessions issues temporary credentials.
type Sessions interface {
	AssumeRole(ctx context.Context, caller sigv4.Key, in sts.AssumeRoleInput) (sts.AssumedRole, error)
	GetSessionToken(ctx context.Context, caller sigv4.Key, seconds int) (sts.Credentials, error)
}

// Roles finds the role a caller would assume, whose trust policy is the
// resource-based policy of AssumeRole.
type Roles interface {
	RoleByARN(ctx context.Context, roleARN string) (iam.Role, error)
}

// Server serves the STS operations.
type Server struct {
	sessions Sessions
	roles    Roles
}

// New wires STS over the sessions it issues and IAM's roles.
func New(sessions Sessions, roles Roles) *Server { return &Server{sessions: sessions, roles: roles} }

// Service is STS as the front door serves it: any account may ask, and
// only the role's trust policy decides who may assume it.
func (s *Server) Service() *awsproto.Service {
	ops := []awsproto.Operation{
		{Name: "GetCallerIdentity", Handle: getCallerIdentity, Unrestricted: true},
		{Name: "GetSessionToken", Handle: s.getSessionToken, Unrestricted: true},
		{Name: "AssumeRole", Handle: s.assumeRole, Resource: roleArn},
	}
	return &awsproto.Service{
		Name:           "sts",
		Protocols:      []awsproto.Protocol{awsproto.NewQuery("https://sts.amazonaws.com/doc/2011-06-15/", ops)},
		Errors:         errorCodes,
		Authorize:      awsproto.Everyone,
		ResourcePolicy: s.trustPolicy,
	}
}

type callerIdentity struct {
	Arn     string
	UserId  string
	Account string
}

func getCallerIdentity(c *awsproto.Call) error {
	k := c.Identity.Key
	return c.Reply(http.StatusOK, callerIdentity{Arn: k.Principal(), UserId: k.UserID(), Account: k.Account})
}

type assumeRoleInput struct {
	RoleArn, RoleSessionName, ExternalId string
	DurationSeconds                      int
}

type credentials struct {
	AccessKeyId, SecretAccessKey, SessionToken, Expiration string
}

type assumeRoleResult struct {
	Credentials     credentials
	AssumedRoleUser struct{ AssumedRoleId, Arn string }
}

func (s *Server) assumeRole(c *awsproto.Call) error {
	var in assumeRoleInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	got, err := s.sessions.AssumeRole(c.R.Context(), c.Identity.Key, sts.AssumeRoleInput{
		RoleArn: in.RoleArn, RoleSessionName: in.RoleSessionName, DurationSeconds: in.DurationSeconds,
		ExternalId: in.ExternalId, SourceIP: c.SourceIP(),
	})
	if err != nil {
		return err
	}
	out := assumeRoleResult{Credentials: credentialsXML(got.Credentials)}
	out.AssumedRoleUser.AssumedRoleId, out.AssumedRoleUser.Arn = got.AssumedRoleId, got.Arn
	return c.Reply(http.StatusOK, out)
}

func (s *Server) getSessionToken(c *awsproto.Call) error {
	var in struct{ DurationSeconds int }
	if err := c.Decode(&in); err != nil {
		return err
	}
	creds, err := s.sessions.GetSessionToken(c.R.Context(), c.Identity.Key, in.DurationSeconds)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{ Credentials credentials }{credentialsXML(creds)})
}

func credentialsXML(c sts.Credentials) credentials {
	return credentials{AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken,
		Expiration: c.Expiration.UTC().Format(time.RFC3339)}
}

// roleArn is the role AssumeRole names: its resource.
func roleArn(c *awsproto.Call) (string, error) {
	form, err := c.Form()
	if err != nil {
		return "", err
	}
	return form.Get("RoleArn"), nil
}

// trustPolicy is the trust policy of the role resource names.
func (s *Server) trustPolicy(c *awsproto.Call, resource string) (string, error) {
	r, err := s.roles.RoleByARN(c.R.Context(), resource)
	if errors.Is(err, aws.ErrNotFound) {
		return "", nil // no such role: nothing trusts the caller
	}
	return r.AssumeRolePolicyDocument, err
}

var errorCodes = awsproto.Errors{
	aws.ErrMalformed:        {Code: "MalformedInput", Status: http.StatusBadRequest},
	aws.ErrValidation:       {Code: "ValidationError", Status: http.StatusBadRequest},
	aws.ErrAccessDenied:     {Code: "AccessDenied", Status: http.StatusForbidden},
	aws.ErrUnauthenticated:  {Code: "AccessDenied", Status: http.StatusForbidden},
	aws.ErrUnknownOperation: {Code: "InvalidAction", Status: http.StatusBadRequest},
	aws.ErrTooLarge:         {Code: "RequestEntityTooLarge", Status: http.StatusRequestEntityTooLarge},
	aws.ErrInternal:         {Code: "InternalFailure", Status: http.StatusInternalServerError},
}
