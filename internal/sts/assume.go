package sts

import (
	"context"
	"errors"
	"regexp"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/policy"
	"github.com/virga-dev/virga/internal/sigv4"
)

// AssumeRoleInput is AssumeRole's request.
type AssumeRoleInput struct {
	RoleArn         string
	RoleSessionName string
	// DurationSeconds is the session's length; 0 means an hour.
	DurationSeconds int
	// ExternalId is the value the trust policy may test as sts:ExternalId.
	ExternalId string
	// SourceIP is where the request came from, for aws:SourceIp.
	SourceIP string
}

// AssumedRole is AssumeRole's answer.
type AssumedRole struct {
	Credentials Credentials
	// Arn is the session's ARN; AssumedRoleId is "AROA…:session".
	Arn, AssumedRoleId string
}

var sessionNameRE = regexp.MustCompile(`^[\w+=,.@-]*$`)

// Limits of role sessions.
const (
	defaultSession  = time.Hour
	chainedSession  = time.Hour // a session that assumes a role gets at most this
	minSession      = 900
	maxRoleSession  = 43200
	maxTokenSession = 129600
)

// AssumeRole issues a session of the role for caller, when the role's
// trust policy lets caller assume it.
func (s *Service) AssumeRole(ctx context.Context, caller sigv4.Key, in AssumeRoleInput) (AssumedRole, error) {
	if err := checkAssumeRole(in); err != nil {
		return AssumedRole{}, err
	}
	denied := aws.Errorf(aws.ErrAccessDenied, "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", caller.Principal(), in.RoleArn)
	role, err := s.roles.RoleByARN(ctx, in.RoleArn)
	if errors.Is(err, aws.ErrNotFound) {
		return AssumedRole{}, denied
	}
	if err != nil {
		return AssumedRole{}, err
	}
	if !trusts(role, assumeRequest(caller, in, s.now())) {
		return AssumedRole{}, denied
	}
	d, err := sessionLength(in.DurationSeconds, role.MaxSessionDuration, caller.Role.ARN != "")
	if err != nil {
		return AssumedRole{}, err
	}
	session := sigv4.RoleSession{ARN: role.Arn, ID: role.RoleId, Session: in.RoleSessionName}
	creds, err := s.issue(ctx, accountOf(role.Arn), session, d)
	if err != nil {
		return AssumedRole{}, err
	}
	k := sigv4.Key{Account: accountOf(role.Arn), Role: session}
	return AssumedRole{Credentials: creds, Arn: k.Principal(), AssumedRoleId: k.UserID()}, nil
}

func checkAssumeRole(in AssumeRoleInput) error {
	switch n := len(in.RoleSessionName); {
	case len(in.RoleArn) < 20:
		return constraint(in.RoleArn, "roleArn", "Member must have length greater than or equal to 20")
	case n < 2:
		return constraint(in.RoleSessionName, "roleSessionName", "Member must have length greater than or equal to 2")
	case n > 64:
		return constraint(in.RoleSessionName, "roleSessionName", "Member must have length less than or equal to 64")
	case !sessionNameRE.MatchString(in.RoleSessionName):
		return constraint(in.RoleSessionName, "roleSessionName", `Member must satisfy regular expression pattern: [\w+=,.@-]*`)
	case in.DurationSeconds != 0 && in.DurationSeconds < minSession:
		return constraint(in.DurationSeconds, "durationSeconds", "Member must have value greater than or equal to 900")
	case in.DurationSeconds > maxRoleSession:
		return constraint(in.DurationSeconds, "durationSeconds", "Member must have value less than or equal to 43200")
	}
	return nil
}

// assumeRequest is the request a trust policy judges.
func assumeRequest(caller sigv4.Key, in AssumeRoleInput, now time.Time) policy.Request {
	who := policy.Principal{Account: caller.Account, ARN: caller.Principal(), Role: caller.Role.ARN}
	ctx := policy.Facts{Principal: who, UserID: caller.UserID(), SourceIP: in.SourceIP, Time: now}.Context()
	ctx["sts:rolesessionname"] = []string{in.RoleSessionName}
	if in.ExternalId != "" {
		ctx["sts:externalid"] = []string{in.ExternalId}
	}
	return policy.Request{Principal: who, Action: "sts:AssumeRole", Resource: in.RoleArn, Context: ctx}
}

// trusts reports whether the role's trust policy allows req.
func trusts(role iam.Role, req policy.Request) bool {
	trust, err := policy.Parse([]byte(role.AssumeRolePolicyDocument))
	return err == nil && policy.Trusts(trust, req)
}

// sessionLength is the length AWS gives a session asked for seconds (0 for
// the default), within the role's maximum, or an hour when chained.
func sessionLength(seconds, roleMax int, chained bool) (time.Duration, error) {
	d := time.Duration(seconds) * time.Second
	if seconds == 0 {
		d = defaultSession
	}
	switch {
	case chained && d > chainedSession:
		return 0, aws.Errorf(aws.ErrValidation, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	case roleMax > 0 && d > time.Duration(roleMax)*time.Second:
		return 0, aws.Errorf(aws.ErrValidation, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	return d, nil
}

// GetSessionToken issues a session of caller's own: an account's root user
// may hold one for at most an hour, as on AWS.
func (s *Service) GetSessionToken(ctx context.Context, caller sigv4.Key, seconds int) (Credentials, error) {
	switch {
	case caller.Role.ARN != "":
		return Credentials{}, aws.Errorf(aws.ErrAccessDenied, "Cannot call GetSessionToken with session credentials")
	case seconds != 0 && seconds < minSession:
		return Credentials{}, constraint(seconds, "durationSeconds", "Member must have value greater than or equal to 900")
	case seconds > maxTokenSession:
		return Credentials{}, constraint(seconds, "durationSeconds", "Member must have value less than or equal to 129600")
	}
	d := time.Duration(seconds) * time.Second
	if seconds == 0 || d > time.Hour {
		d = time.Hour
	}
	return s.issue(ctx, caller.Account, sigv4.RoleSession{}, d)
}

func constraint(value any, member, rule string) error {
	return aws.Errorf(aws.ErrValidation, "1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s", value, member, rule)
}

// accountOf is the account of an IAM ARN.
func accountOf(arn string) string {
	if a, ok := aws.ParseARN(arn); ok {
		return a.Account
	}
	return ""
}
