package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
)

const (
	trustPolicy  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	inlinePolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a+b/*"}]}`
	basicRole    = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
)

var roleIDRE = regexp.MustCompile(`^AROA[A-Z0-9]{17}$`)

func (s *server) iam() *iam.Client { return iam.NewFromConfig(s.awsConfig()) }

// decoded undoes the URL encoding IAM gives policy documents.
func decoded(t *testing.T, doc *string) string {
	t.Helper()
	out, err := url.QueryUnescape(aws.ToString(doc))
	if err != nil {
		t.Fatalf("document %q: %v", aws.ToString(doc), err)
	}
	return out
}

// wantAPIError checks an error's code, HTTP status and message.
func wantAPIError(t *testing.T, err error, code string, status int, text string) {
	t.Helper()
	var ae smithy.APIError
	var re *awshttp.ResponseError
	if !errors.As(err, &ae) || !errors.As(err, &re) {
		t.Fatalf("error %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || re.HTTPStatusCode() != status || !strings.Contains(ae.ErrorMessage(), text) {
		t.Errorf("error %s %d %q, want %s %d containing %q", ae.ErrorCode(), re.HTTPStatusCode(), ae.ErrorMessage(), code, status, text)
	}
}

func createRole(t *testing.T, c *iam.Client, name string) *types.Role {
	t.Helper()
	out, err := c.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trustPolicy)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Role
}

func TestIAMRoles(t *testing.T) {
	s := startServer(t)
	c := s.iam()
	created, err := c.CreateRole(ctx(t), &iam.CreateRoleInput{
		RoleName: aws.String("app-role"), Path: aws.String("/service/"), AssumeRolePolicyDocument: aws.String(trustPolicy),
		Description: aws.String("runs the app"), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Shape", func(t *testing.T) {
		r := created.Role
		if !roleIDRE.MatchString(aws.ToString(r.RoleId)) {
			t.Errorf("RoleId %q", aws.ToString(r.RoleId))
		}
		if want := "arn:aws:iam::" + s.admin.AccountID + ":role/service/app-role"; aws.ToString(r.Arn) != want {
			t.Errorf("Arn %q, want %q", aws.ToString(r.Arn), want)
		}
		if aws.ToString(r.Path) != "/service/" || aws.ToString(r.RoleName) != "app-role" || aws.ToString(r.Description) != "runs the app" {
			t.Errorf("role %+v", r)
		}
		if r.CreateDate == nil || time.Since(*r.CreateDate) > time.Minute {
			t.Errorf("CreateDate %v", r.CreateDate)
		}
		if strings.Contains(aws.ToString(r.AssumeRolePolicyDocument), `"`) || decoded(t, r.AssumeRolePolicyDocument) != trustPolicy {
			t.Errorf("AssumeRolePolicyDocument %q", aws.ToString(r.AssumeRolePolicyDocument))
		}
	})
	t.Run("Get", func(t *testing.T) {
		got, err := c.GetRole(ctx(t), &iam.GetRoleInput{RoleName: aws.String("APP-ROLE")})
		if err != nil {
			t.Fatal(err)
		}
		r := got.Role
		if aws.ToString(r.RoleId) != aws.ToString(created.Role.RoleId) || aws.ToInt32(r.MaxSessionDuration) != 3600 || r.RoleLastUsed == nil {
			t.Errorf("role %+v", r)
		}
		if len(r.Tags) != 1 || aws.ToString(r.Tags[0].Key) != "team" || aws.ToString(r.Tags[0].Value) != "core" {
			t.Errorf("tags %+v", r.Tags)
		}
	})
	t.Run("Update", func(t *testing.T) {
		if _, err := c.UpdateRole(ctx(t), &iam.UpdateRoleInput{RoleName: aws.String("app-role"), Description: aws.String("new"), MaxSessionDuration: aws.Int32(7200)}); err != nil {
			t.Fatal(err)
		}
		other := strings.Replace(trustPolicy, "lambda.amazonaws.com", "edgelambda.amazonaws.com", 1)
		if _, err := c.UpdateAssumeRolePolicy(ctx(t), &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("app-role"), PolicyDocument: aws.String(other)}); err != nil {
			t.Fatal(err)
		}
		got, err := c.GetRole(ctx(t), &iam.GetRoleInput{RoleName: aws.String("app-role")})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(got.Role.Description) != "new" || aws.ToInt32(got.Role.MaxSessionDuration) != 7200 || decoded(t, got.Role.AssumeRolePolicyDocument) != other {
			t.Errorf("role %+v", got.Role)
		}
	})
	t.Run("Tags", func(t *testing.T) {
		if _, err := c.TagRole(ctx(t), &iam.TagRoleInput{RoleName: aws.String("app-role"), Tags: []types.Tag{
			{Key: aws.String("TEAM"), Value: aws.String("edge")}, {Key: aws.String("cost"), Value: aws.String("1")},
		}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UntagRole(ctx(t), &iam.UntagRoleInput{RoleName: aws.String("app-role"), TagKeys: []string{"cost"}}); err != nil {
			t.Fatal(err)
		}
		out, err := c.ListRoleTags(ctx(t), &iam.ListRoleTagsInput{RoleName: aws.String("app-role")})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Tags) != 1 || aws.ToString(out.Tags[0].Key) != "TEAM" || aws.ToString(out.Tags[0].Value) != "edge" || out.IsTruncated {
			t.Errorf("tags %+v", out.Tags)
		}
	})
	t.Run("InstanceProfiles", func(t *testing.T) {
		out, err := c.ListInstanceProfilesForRole(ctx(t), &iam.ListInstanceProfilesForRoleInput{RoleName: aws.String("app-role")})
		if err != nil || len(out.InstanceProfiles) != 0 || out.IsTruncated {
			t.Errorf("ListInstanceProfilesForRole: %+v %v", out, err)
		}
	})
	t.Run("List", func(t *testing.T) {
		for _, n := range []string{"b-role", "a-role", "c-role"} {
			createRole(t, c, n)
		}
		var names []string
		p := iam.NewListRolesPaginator(c, &iam.ListRolesInput{MaxItems: aws.Int32(2)})
		for pages := 0; p.HasMorePages(); pages++ {
			out, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			if pages == 0 && (!out.IsTruncated || out.Marker == nil) {
				t.Errorf("first page not truncated: %+v", out)
			}
			for _, r := range out.Roles {
				names = append(names, aws.ToString(r.RoleName))
				if r.Tags != nil || r.RoleLastUsed != nil {
					t.Errorf("ListRoles shows tags or last use of %s", aws.ToString(r.RoleName))
				}
			}
		}
		if got := strings.Join(names, ","); got != "a-role,app-role,b-role,c-role" {
			t.Errorf("roles %s", got)
		}
		out, err := c.ListRoles(ctx(t), &iam.ListRolesInput{PathPrefix: aws.String("/service/")})
		if err != nil || len(out.Roles) != 1 || aws.ToString(out.Roles[0].RoleName) != "app-role" {
			t.Errorf("PathPrefix: %+v %v", out, err)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if _, err := c.DeleteRole(ctx(t), &iam.DeleteRoleInput{RoleName: aws.String("c-role")}); err != nil {
			t.Fatal(err)
		}
		_, err := c.GetRole(ctx(t), &iam.GetRoleInput{RoleName: aws.String("c-role")})
		wantAPIError(t, err, "NoSuchEntity", 404, "The role with name c-role cannot be found.")
	})
	t.Run("OtherAccount", func(t *testing.T) {
		a := s.addAccount(t)
		other := iam.NewFromConfig(s.configFor(a))
		_, err := other.GetRole(ctx(t), &iam.GetRoleInput{RoleName: aws.String("app-role")})
		wantAPIError(t, err, "NoSuchEntity", 404, "app-role")
		r := createRole(t, other, "app-role")
		if want := "arn:aws:iam::" + a.AccountID + ":role/app-role"; aws.ToString(r.Arn) != want {
			t.Errorf("Arn %s, want %s", aws.ToString(r.Arn), want)
		}
	})
}

func TestIAMPolicies(t *testing.T) {
	s := startServer(t)
	c := s.iam()
	createRole(t, c, "worker")
	t.Run("Inline", func(t *testing.T) {
		if _, err := c.PutRolePolicy(ctx(t), &iam.PutRolePolicyInput{RoleName: aws.String("worker"), PolicyName: aws.String("read"), PolicyDocument: aws.String(inlinePolicy)}); err != nil {
			t.Fatal(err)
		}
		got, err := c.GetRolePolicy(ctx(t), &iam.GetRolePolicyInput{RoleName: aws.String("worker"), PolicyName: aws.String("read")})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(got.RoleName) != "worker" || aws.ToString(got.PolicyName) != "read" || decoded(t, got.PolicyDocument) != inlinePolicy {
			t.Errorf("GetRolePolicy %+v %q", got, aws.ToString(got.PolicyDocument))
		}
		listed, err := c.ListRolePolicies(ctx(t), &iam.ListRolePoliciesInput{RoleName: aws.String("worker")})
		if err != nil || strings.Join(listed.PolicyNames, ",") != "read" {
			t.Errorf("ListRolePolicies %+v %v", listed, err)
		}
		_, err = c.DeleteRole(ctx(t), &iam.DeleteRoleInput{RoleName: aws.String("worker")})
		wantAPIError(t, err, "DeleteConflict", 409, "Cannot delete entity, must delete policies first.")
		if _, err := c.DeleteRolePolicy(ctx(t), &iam.DeleteRolePolicyInput{RoleName: aws.String("worker"), PolicyName: aws.String("read")}); err != nil {
			t.Fatal(err)
		}
		_, err = c.GetRolePolicy(ctx(t), &iam.GetRolePolicyInput{RoleName: aws.String("worker"), PolicyName: aws.String("read")})
		wantAPIError(t, err, "NoSuchEntity", 404, "The role policy with name read cannot be found.")
	})
	var custom string
	t.Run("Managed", func(t *testing.T) {
		out, err := c.CreatePolicy(ctx(t), &iam.CreatePolicyInput{PolicyName: aws.String("reader"), Path: aws.String("/app/"), PolicyDocument: aws.String(inlinePolicy), Description: aws.String("reads")})
		if err != nil {
			t.Fatal(err)
		}
		custom = aws.ToString(out.Policy.Arn)
		if custom != "arn:aws:iam::"+s.admin.AccountID+":policy/app/reader" || aws.ToString(out.Policy.DefaultVersionId) != "v1" ||
			!strings.HasPrefix(aws.ToString(out.Policy.PolicyId), "ANPA") || !out.Policy.IsAttachable {
			t.Errorf("policy %+v", out.Policy)
		}
		got, err := c.GetPolicy(ctx(t), &iam.GetPolicyInput{PolicyArn: aws.String(custom)})
		if err != nil || aws.ToString(got.Policy.Description) != "reads" || aws.ToInt32(got.Policy.AttachmentCount) != 0 {
			t.Fatalf("GetPolicy %+v %v", got, err)
		}
		v, err := c.GetPolicyVersion(ctx(t), &iam.GetPolicyVersionInput{PolicyArn: aws.String(custom), VersionId: aws.String("v1")})
		if err != nil || decoded(t, v.PolicyVersion.Document) != inlinePolicy || !v.PolicyVersion.IsDefaultVersion {
			t.Errorf("GetPolicyVersion %+v %v", v, err)
		}
		versions, err := c.ListPolicyVersions(ctx(t), &iam.ListPolicyVersionsInput{PolicyArn: aws.String(custom)})
		if err != nil || len(versions.Versions) != 1 || aws.ToString(versions.Versions[0].VersionId) != "v1" || versions.Versions[0].Document != nil {
			t.Errorf("ListPolicyVersions %+v %v", versions, err)
		}
		managed, err := c.GetPolicy(ctx(t), &iam.GetPolicyInput{PolicyArn: aws.String(basicRole)})
		if err != nil || aws.ToString(managed.Policy.PolicyName) != "AWSLambdaBasicExecutionRole" || aws.ToString(managed.Policy.Path) != "/service-role/" {
			t.Errorf("AWS managed policy %+v %v", managed, err)
		}
		v, err = c.GetPolicyVersion(ctx(t), &iam.GetPolicyVersionInput{PolicyArn: aws.String(basicRole), VersionId: aws.String("v1")})
		if err != nil || !strings.Contains(decoded(t, v.PolicyVersion.Document), "logs:PutLogEvents") {
			t.Errorf("AWS managed policy version %+v %v", v, err)
		}
	})
	t.Run("Attach", func(t *testing.T) {
		for _, arn := range []string{basicRole, custom, "arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess"} {
			if _, err := c.AttachRolePolicy(ctx(t), &iam.AttachRolePolicyInput{RoleName: aws.String("worker"), PolicyArn: aws.String(arn)}); err != nil {
				t.Fatal(err)
			}
		}
		out, err := c.ListAttachedRolePolicies(ctx(t), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("worker"), PathPrefix: aws.String("/app/")})
		if err != nil || len(out.AttachedPolicies) != 1 || aws.ToString(out.AttachedPolicies[0].PolicyName) != "reader" {
			t.Errorf("ListAttachedRolePolicies /app/: %+v %v", out, err)
		}
		out, err = c.ListAttachedRolePolicies(ctx(t), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("worker")})
		if err != nil || len(out.AttachedPolicies) != 3 {
			t.Errorf("ListAttachedRolePolicies: %+v %v", out, err)
		}
		got, err := c.GetPolicy(ctx(t), &iam.GetPolicyInput{PolicyArn: aws.String(custom)})
		if err != nil || aws.ToInt32(got.Policy.AttachmentCount) != 1 {
			t.Errorf("AttachmentCount: %+v %v", got, err)
		}
		_, err = c.DeletePolicy(ctx(t), &iam.DeletePolicyInput{PolicyArn: aws.String(custom)})
		wantAPIError(t, err, "DeleteConflict", 409, "Cannot delete a policy attached to entities.")
		_, err = c.DeleteRole(ctx(t), &iam.DeleteRoleInput{RoleName: aws.String("worker")})
		wantAPIError(t, err, "DeleteConflict", 409, "Cannot delete entity, must detach all policies first.")
		for _, arn := range []string{basicRole, custom, "arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess"} {
			if _, err := c.DetachRolePolicy(ctx(t), &iam.DetachRolePolicyInput{RoleName: aws.String("worker"), PolicyArn: aws.String(arn)}); err != nil {
				t.Fatal(err)
			}
		}
		_, err = c.DetachRolePolicy(ctx(t), &iam.DetachRolePolicyInput{RoleName: aws.String("worker"), PolicyArn: aws.String(basicRole)})
		wantAPIError(t, err, "NoSuchEntity", 404, "Policy "+basicRole+" was not found.")
		if _, err := c.DeletePolicy(ctx(t), &iam.DeletePolicyInput{PolicyArn: aws.String(custom)}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.DeleteRole(ctx(t), &iam.DeleteRoleInput{RoleName: aws.String("worker")}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestIAMErrors(t *testing.T) {
	s := startServer(t)
	c := s.iam()
	createRole(t, c, "exists")
	_, err := c.CreatePolicy(ctx(t), &iam.CreatePolicyInput{PolicyName: aws.String("p"), PolicyDocument: aws.String(inlinePolicy)})
	if err != nil {
		t.Fatal(err)
	}
	custom := "arn:aws:iam::" + s.admin.AccountID + ":policy/p"
	tests := []struct {
		name   string
		call   func() error
		code   string
		status int
		text   string
	}{
		{"RoleExists", func() error {
			_, err := c.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("EXISTS"), AssumeRolePolicyDocument: aws.String(trustPolicy)})
			return err
		}, "EntityAlreadyExists", 409, "Role with name EXISTS already exists."},
		{"PolicyExists", func() error {
			_, err := c.CreatePolicy(ctx(t), &iam.CreatePolicyInput{PolicyName: aws.String("p"), PolicyDocument: aws.String(inlinePolicy)})
			return err
		}, "EntityAlreadyExists", 409, "A policy called p already exists."},
		{"BadRoleName", func() error {
			_, err := c.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("bad name"), AssumeRolePolicyDocument: aws.String(trustPolicy)})
			return err
		}, "ValidationError", 400, "Value 'bad name' at 'roleName' failed to satisfy constraint"},
		{"BadPath", func() error {
			_, err := c.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("r"), Path: aws.String("nope"), AssumeRolePolicyDocument: aws.String(trustPolicy)})
			return err
		}, "ValidationError", 400, "at 'path'"},
		{"SessionTooLong", func() error {
			_, err := c.UpdateRole(ctx(t), &iam.UpdateRoleInput{RoleName: aws.String("exists"), MaxSessionDuration: aws.Int32(50000)})
			return err
		}, "ValidationError", 400, "maxSessionDuration"},
		{"TrustNotJSON", func() error {
			_, err := c.CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String("{")})
			return err
		}, "MalformedPolicyDocument", 400, "This policy contains invalid Json"},
		{"InlineNoStatement", func() error {
			_, err := c.PutRolePolicy(ctx(t), &iam.PutRolePolicyInput{RoleName: aws.String("exists"), PolicyName: aws.String("x"), PolicyDocument: aws.String(`{"Version":"2012-10-17"}`)})
			return err
		}, "MalformedPolicyDocument", 400, "Syntax errors in policy."},
		{"MissingRole", func() error {
			_, err := c.UpdateRole(ctx(t), &iam.UpdateRoleInput{RoleName: aws.String("missing")})
			return err
		}, "NoSuchEntity", 404, "The role with name missing cannot be found."},
		{"MissingRoleTags", func() error {
			_, err := c.ListRoleTags(ctx(t), &iam.ListRoleTagsInput{RoleName: aws.String("missing")})
			return err
		}, "NoSuchEntity", 404, "missing"},
		{"MissingPolicy", func() error {
			_, err := c.GetPolicy(ctx(t), &iam.GetPolicyInput{PolicyArn: aws.String(custom + "x")})
			return err
		}, "NoSuchEntity", 404, "Policy " + custom + "x was not found."},
		{"MissingVersion", func() error {
			_, err := c.GetPolicyVersion(ctx(t), &iam.GetPolicyVersionInput{PolicyArn: aws.String(custom), VersionId: aws.String("v2")})
			return err
		}, "NoSuchEntity", 404, "version v2 does not exist"},
		{"AttachMissing", func() error {
			_, err := c.AttachRolePolicy(ctx(t), &iam.AttachRolePolicyInput{RoleName: aws.String("exists"), PolicyArn: aws.String("arn:aws:iam::aws:policy/Nope")})
			return err
		}, "NoSuchEntity", 404, "Policy arn:aws:iam::aws:policy/Nope does not exist or is not attachable."},
		{"DuplicateTags", func() error {
			_, err := c.TagRole(ctx(t), &iam.TagRoleInput{RoleName: aws.String("exists"), Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("A"), Value: aws.String("2")}}})
			return err
		}, "InvalidInput", 400, "Duplicate tag keys found."},
		{"DeleteAWSPolicy", func() error {
			_, err := c.DeletePolicy(ctx(t), &iam.DeletePolicyInput{PolicyArn: aws.String(basicRole)})
			return err
		}, "AccessDenied", 403, "iam:DeletePolicy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantAPIError(t, tc.call(), tc.code, tc.status, tc.text) })
	}
	t.Run("TooManyAttached", func(t *testing.T) {
		var err error
		for _, name := range []string{"AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AWSLambdaRole",
			"AWSLambdaSQSQueueExecutionRole", "AWSLambdaDynamoDBExecutionRole", "AWSLambdaKinesisExecutionRole"} {
			_, err = c.AttachRolePolicy(ctx(t), &iam.AttachRolePolicyInput{RoleName: aws.String("exists"), PolicyArn: aws.String("arn:aws:iam::aws:policy/service-role/" + name)})
			if err != nil {
				t.Fatalf("attach %s: %v", name, err)
			}
		}
		for _, arn := range []string{"AWSXRayDaemonWriteAccess", "AWSLambdaExecute", "AWSLambda_FullAccess", "AWSLambda_ReadOnlyAccess"} {
			if _, err := c.AttachRolePolicy(ctx(t), &iam.AttachRolePolicyInput{RoleName: aws.String("exists"), PolicyArn: aws.String("arn:aws:iam::aws:policy/" + arn)}); err != nil {
				t.Fatalf("attach %s: %v", arn, err)
			}
		}
		_, err = c.AttachRolePolicy(ctx(t), &iam.AttachRolePolicyInput{RoleName: aws.String("exists"), PolicyArn: aws.String(custom)})
		wantAPIError(t, err, "LimitExceeded", 409, "Cannot exceed quota for PoliciesPerRole: 10")
	})
	t.Run("WireShape", func(t *testing.T) {
		status, body := s.iamRaw(t, url.Values{"Action": {"GetRole"}, "Version": {"2010-05-08"}, "RoleName": {"missing"}})
		var e struct {
			XMLName   xml.Name
			Error     struct{ Type, Code, Message string }
			RequestId string
		}
		if err := xml.Unmarshal(body, &e); err != nil {
			t.Fatal(err)
		}
		if status != 404 || e.XMLName.Local != "ErrorResponse" || e.Error.Type != "Sender" || e.Error.Code != "NoSuchEntity" || e.RequestId == "" {
			t.Errorf("%d %s", status, body)
		}
		status, body = s.iamRaw(t, url.Values{"Action": {"GetRole"}, "Version": {"2010-05-08"}, "RoleName": {"exists"}})
		for _, part := range []string{`<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role>`, `<RoleName>exists</RoleName>`,
			`<AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22`, `</GetRoleResult><ResponseMetadata><RequestId>`} {
			if status != 200 || !bytes.Contains(body, []byte(part)) {
				t.Errorf("%d %s lacks %s", status, body, part)
			}
		}
	})
}

// iamRaw posts a query-protocol request signed for IAM.
func (s *server) iamRaw(t *testing.T, form url.Values) (int, []byte) {
	t.Helper()
	body := []byte(form.Encode())
	req, err := http.NewRequest("POST", s.endpoint+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: s.admin.SecretAccessKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "iam", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}
