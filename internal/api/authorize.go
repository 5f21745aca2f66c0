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
		if err := s.admitOutsider(c, svc); err != nil {
			return err
		}
	}
	if key.Role.ARN == "" {
		return nil
	}
	return s.evaluate(c, svc)
}

// admitOutsider lets a caller of another account in when the policy of the
// resource the call names admits it — marking the call, so that its
// operation may act on the owner's resource — and otherwise applies the
// service's rules for outsiders.
func (s *Server) admitOutsider(c *awsproto.Call, svc *awsproto.Service) error {
	owner, res, err := s.grantAcross(c, svc)
	if err != nil {
		return err
	}
	switch res.Decision {
	case policy.Allowed:
		c.Granted = owner
		return nil
	case policy.ExplicitDeny:
		resource, _ := resourceOf(c)
		return denied(c.Identity.Key.Principal(), c.Operation.IAMAction(svc.Name), resource, res)
	}
	return outsider(c, svc)
}

// grantAcross judges the call by the policy of a resource that another
// account owns alone, as if the caller's own account allowed everything
// (a role session's policies are judged after). It returns the owner and
// an implicit deny when the resource is the caller's or has no policy.
func (s *Server) grantAcross(c *awsproto.Call, svc *awsproto.Service) (string, policy.Result, error) {
	resource, err := resourceOf(c)
	if err != nil {
		return "", policy.Result{}, err
	}
	a, ok := aws.ParseARN(resource)
	if !ok || a.Account == "" || a.Account == c.Account() {
		return "", policy.Result{}, nil
	}
	onResource, err := resourcePolicy(c, svc, resource)
	if err != nil || onResource == nil {
		return "", policy.Result{}, err
	}
	req := s.request(c, iam.Identity{}, c.Operation.IAMAction(svc.Name), resource)
	return a.Account, policy.Evaluate(req, []*policy.Document{allowAll}, onResource), nil
}

// allowAll stands for an account's root user, whom its own account allows
// everything.
var allowAll = &policy.Document{Version: "2012-10-17", Statements: []policy.Statement{{
	Effect: policy.Allow, Action: []string{"*"}, Resource: []string{"*"}}}}

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
	return denied(req.Principal.ARN, action, resource, r)
}

// denied is AWS's refusal of action on resource to principal.
func denied(principal, action, resource string, r policy.Result) error {
	return aws.Errorf(aws.ErrAccessDenied, "User: %s is not authorized to perform: %s on resource: %s %s",
		principal, action, resource, r.Reason(action))
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
