package api

import (
	"context"
	"errors"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/policy"
)

// Roles gives the identity of a role, for judging its sessions' requests.
type Roles interface {
	RoleIdentity(ctx context.Context, roleARN string) (iam.Identity, error)
}

// authorize lets the administrator's root user do anything and judges role
// sessions by their policies. Callers of other accounts — root users, and
// role sessions before their policies are read — must also pass the
// service's own rules for them, since every resource but IAM's and STS's
// belongs to the administrator's account.
func (s *Server) authorize(c *awsproto.Call, svc *awsproto.Service) error {
	key := c.Identity.Key
	if c.Operation.Unrestricted {
		return nil
	}
	if key.Account != s.cfg.Account {
		if err := outsider(c, svc); err != nil {
			return err
		}
	}
	if key.Role.ARN == "" {
		return nil
	}
	return s.evaluate(c, svc)
}

// outsider applies the service's rules for callers of other accounts.
func outsider(c *awsproto.Call, svc *awsproto.Service) error {
	if svc.Authorize == nil {
		return aws.AccessDenied(c.Account(), c.Operation.IAMAction(svc.Name), "*", false)
	}
	return svc.Authorize(c)
}

// evaluate judges a role session's call by the role's identity-based
// policies and the resource's own policy.
func (s *Server) evaluate(c *awsproto.Call, svc *awsproto.Service) error {
	ctx := c.R.Context()
	action := c.Operation.IAMAction(svc.Name)
	resource, err := resourceOf(c)
	if err != nil {
		return err
	}
	identity, err := s.identity(ctx, c.Identity.Key.Role.ARN)
	if err != nil {
		return err
	}
	onResource, err := resourcePolicy(c, svc, resource)
	if err != nil {
		return err
	}
	req := s.request(c, identity, action, resource)
	r := policy.Evaluate(req, identity.Policies, onResource)
	if r.Decision == policy.Allowed {
		return nil
	}
	return aws.Errorf(aws.ErrAccessDenied, "User: %s is not authorized to perform: %s on resource: %s %s",
		req.Principal.ARN, action, resource, r.Reason(action))
}

func (s *Server) identity(ctx context.Context, roleARN string) (iam.Identity, error) {
	if s.cfg.Roles == nil {
		return iam.Identity{}, nil
	}
	return s.cfg.Roles.RoleIdentity(ctx, roleARN)
}

// request is the call as the policies see it.
func (s *Server) request(c *awsproto.Call, identity iam.Identity, action, resource string) policy.Request {
	key := c.Identity.Key
	who := policy.Principal{Account: key.Account, ARN: key.Principal(), Role: key.Role.ARN}
	facts := policy.Facts{Principal: who, UserID: key.UserID(), Tags: identity.Tags, SourceIP: c.SourceIP(),
		Region: c.Identity.Region, Time: time.Now(), Secure: c.R.TLS != nil}
	var owner string
	if a, ok := aws.ParseARN(resource); ok {
		owner = a.Account
	}
	return policy.Request{Principal: who, Action: action, Resource: resource, ResourceAccount: owner, Context: facts.Context()}
}

// resourceOf is the ARN the call acts on, "*" when its operation names none.
func resourceOf(c *awsproto.Call) (string, error) {
	if c.Operation.Resource == nil {
		return "*", nil
	}
	return c.Operation.Resource(c)
}

// logDenied logs a refusal, by the front door or by an operation (a trust
// policy that does not trust its caller), with who asked what of what.
func (s *Server) logDenied(c *awsproto.Call, svc *awsproto.Service, err error) {
	if c.Operation == nil || !errors.Is(err, aws.ErrAccessDenied) {
		return
	}
	resource, rerr := resourceOf(c)
	if rerr != nil {
		resource = "*"
	}
	s.log.InfoContext(c.R.Context(), "access denied", "principal", c.Identity.Key.Principal(),
		"action", c.Operation.IAMAction(svc.Name), "resource", resource, "err", err)
}

// resourcePolicy is the parsed policy of resource, nil when it has none.
func resourcePolicy(c *awsproto.Call, svc *awsproto.Service, resource string) (*policy.Document, error) {
	if svc.ResourcePolicy == nil || resource == "*" {
		return nil, nil
	}
	doc, err := svc.ResourcePolicy(c, resource)
	if err != nil || doc == "" {
		return nil, err
	}
	d, err := policy.Parse([]byte(doc))
	if err != nil {
		return nil, nil // a policy Virga cannot read grants nothing
	}
	return d, nil
}
