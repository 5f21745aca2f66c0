package e2e

import (
	"errors"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// queryCall is a form-encoded query-protocol request; params come in pairs:
// name, value.
func queryCall(name, service, version, action string, params ...string) exchange {
	form := url.Values{"Action": {action}, "Version": {version}}
	for i := 0; i+1 < len(params); i += 2 {
		form.Set(params[i], params[i+1])
	}
	return exchange{name: name, service: service, method: "POST", path: "/", body: []byte(form.Encode()),
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}}
}

func iamCall(name, action string, params ...string) exchange {
	return queryCall(name, "iam", "2010-05-08", action, params...)
}

func stsCall(name, action string, params ...string) exchange {
	return queryCall(name, "sts", "2011-06-15", action, params...)
}

// assume returns the credentials of a new session of a role.
func (s *server) assume(t *testing.T, roleARN, name string) account {
	t.Helper()
	out, err := sts.NewFromConfig(s.awsConfig()).AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	return account{AccessKeyID: aws.ToString(c.AccessKeyId), SecretAccessKey: aws.ToString(c.SecretAccessKey), SessionToken: aws.ToString(c.SessionToken)}
}

// reader is a session of the role "reader", which trusts the
// administrator's account and has no policies; the first call makes it.
func (s *server) reader(t *testing.T) account {
	t.Helper()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + s.admin.AccountID + `"},"Action":"sts:AssumeRole"}]}`
	_, err := s.iam().CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("reader"), AssumeRolePolicyDocument: aws.String(trust)})
	var exists *iamtypes.EntityAlreadyExistsException
	if err != nil && !errors.As(err, &exists) {
		t.Fatal(err)
	}
	return s.assume(t, "arn:aws:iam::"+s.admin.AccountID+":role/reader", "golden")
}

// TestGoldenIAM pins the response of every IAM and STS action, and of each
// kind of error a request can provoke.
func TestGoldenIAM(t *testing.T) {
	s := startServer(t)
	policyARN := "arn:aws:iam::" + s.admin.AccountID + ":policy/golden-policy"
	const role = "RoleName"
	wrong := account{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: "wrong"}

	deployer := "arn:aws:iam::" + s.admin.AccountID + ":role/deployer"
	assumable := func(t *testing.T) {
		trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + s.admin.AccountID + `"},"Action":"sts:AssumeRole"}]}`
		if _, err := s.iam().CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("deployer"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
			t.Fatal(err)
		}
		createRole(t, s.iam(), "lambda-only")
	}
	session := func(t *testing.T) account { return s.assume(t, deployer, "golden") }

	runGolden(t, s, []exchange{
		stsCall("get-caller-identity", "GetCallerIdentity"),
		stsCall("error-bad-signature", "GetCallerIdentity").by(wrong),
		stsCall("error-unsigned", "GetCallerIdentity").by(account{}),
		stsCall("assume-role", "AssumeRole", "RoleArn", deployer, "RoleSessionName", "golden", "DurationSeconds", "900").first(assumable),
		stsCall("error-assume-role-not-trusted", "AssumeRole", "RoleArn", "arn:aws:iam::"+s.admin.AccountID+":role/lambda-only", "RoleSessionName", "golden"),
		stsCall("error-assume-role-session-name", "AssumeRole", "RoleArn", deployer, "RoleSessionName", "g"),
		stsCall("error-assume-role-duration", "AssumeRole", "RoleArn", deployer, "RoleSessionName", "golden", "DurationSeconds", "7200"),
		stsCall("get-session-token", "GetSessionToken"),
		stsCall("get-caller-identity-role-session", "GetCallerIdentity").bySession(session),
		stsCall("error-get-session-token-role-session", "GetSessionToken").bySession(session),
		stsCall("error-access-denied-role-session", "AssumeRole", "RoleArn", deployer, "RoleSessionName", "chained").bySession(session),

		// Roles.
		iamCall("create-role", "CreateRole", role, "golden", "Path", "/service/", "AssumeRolePolicyDocument", trustPolicy,
			"Description", "pins shapes", "Tags.member.1.Key", "team", "Tags.member.1.Value", "core"),
		iamCall("error-role-exists", "CreateRole", role, "golden", "AssumeRolePolicyDocument", trustPolicy),
		iamCall("error-invalid-role-name", "CreateRole", role, "bad name!", "AssumeRolePolicyDocument", trustPolicy),
		iamCall("error-malformed-policy", "CreateRole", role, "other", "AssumeRolePolicyDocument", "not json"),
		iamCall("get-role", "GetRole", role, "golden"),
		iamCall("update-role", "UpdateRole", role, "golden", "Description", "updated", "MaxSessionDuration", "7200"),
		iamCall("update-assume-role-policy", "UpdateAssumeRolePolicy", role, "golden", "PolicyDocument", trustPolicy),
		iamCall("list-roles", "ListRoles", "PathPrefix", "/service/"),
		iamCall("tag-role", "TagRole", role, "golden", "Tags.member.1.Key", "env", "Tags.member.1.Value", "test"),
		iamCall("untag-role", "UntagRole", role, "golden", "TagKeys.member.1", "team"),
		iamCall("list-role-tags", "ListRoleTags", role, "golden"),
		iamCall("list-instance-profiles-for-role", "ListInstanceProfilesForRole", role, "golden"),

		// Inline policies.
		iamCall("put-role-policy", "PutRolePolicy", role, "golden", "PolicyName", "inline", "PolicyDocument", inlinePolicy),
		iamCall("get-role-policy", "GetRolePolicy", role, "golden", "PolicyName", "inline"),
		iamCall("list-role-policies", "ListRolePolicies", role, "golden"),
		iamCall("delete-role-policy", "DeleteRolePolicy", role, "golden", "PolicyName", "inline"),

		// Managed policies.
		iamCall("create-policy", "CreatePolicy", "PolicyName", "golden-policy", "PolicyDocument", inlinePolicy, "Description", "d"),
		iamCall("get-policy", "GetPolicy", "PolicyArn", policyARN),
		iamCall("get-policy-version", "GetPolicyVersion", "PolicyArn", policyARN, "VersionId", "v1"),
		iamCall("list-policy-versions", "ListPolicyVersions", "PolicyArn", policyARN),
		iamCall("attach-role-policy", "AttachRolePolicy", role, "golden", "PolicyArn", policyARN),
		iamCall("list-attached-role-policies", "ListAttachedRolePolicies", role, "golden"),
		iamCall("error-delete-conflict", "DeleteRole", role, "golden"),
		iamCall("detach-role-policy", "DetachRolePolicy", role, "golden", "PolicyArn", policyARN),
		iamCall("delete-policy", "DeletePolicy", "PolicyArn", policyARN),
		iamCall("delete-role", "DeleteRole", role, "golden"),

		// Errors.
		iamCall("error-no-such-entity", "GetRole", role, "golden"),
		iamCall("error-invalid-action", "CreateUser", "UserName", "u"),
		iamCall("error-bad-signature", "ListRoles").by(wrong),
		iamCall("error-unsigned", "ListRoles").by(account{}),
	})
}
