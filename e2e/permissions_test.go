package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"
)

// account is one made by `virga accounts add`.
type account struct {
	AccountID, AccessKeyID, SecretAccessKey string
	// SessionToken is set for temporary credentials.
	SessionToken string
}

var (
	exportRE    = regexp.MustCompile(`(?m)^export (AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY)=(\S+)$`)
	accountIDRE = regexp.MustCompile(`(?m)^# account id: (\d{12})$`)
)

// addAccount runs `virga accounts add` against the running server's data dir.
func (s *server) addAccount(t *testing.T) account {
	t.Helper()
	out, err := exec.Command(binary, "accounts", "add", "--data-dir", s.dataDir).CombinedOutput()
	if err != nil {
		t.Fatalf("virga accounts add: %v\n%s", err, out)
	}
	var a account
	for _, m := range exportRE.FindAllStringSubmatch(string(out), -1) {
		if m[1] == "AWS_ACCESS_KEY_ID" {
			a.AccessKeyID = m[2]
		} else {
			a.SecretAccessKey = m[2]
		}
	}
	if m := accountIDRE.FindStringSubmatch(string(out)); m != nil {
		a.AccountID = m[1]
	}
	if a.AccessKeyID == "" || a.SecretAccessKey == "" || a.AccountID == "" || a.AccountID == s.admin.AccountID {
		t.Fatalf("virga accounts add printed:\n%s", out)
	}
	return a
}

func (s *server) configFor(a account) aws.Config {
	cfg := s.awsConfig()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, "")
	return cfg
}

func addPermission(t *testing.T, c *lambda.Client, in *lambda.AddPermissionInput) map[string]any {
	t.Helper()
	out, err := c.AddPermission(ctx(t), in)
	if err != nil {
		t.Fatalf("add permission %s: %v", aws.ToString(in.StatementId), err)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(out.Statement)), &st); err != nil {
		t.Fatalf("statement %q: %v", aws.ToString(out.Statement), err)
	}
	return st
}

// policyOf returns the decoded policy of a function, version or alias and its revision.
func policyOf(t *testing.T, c *lambda.Client, name, q string) (map[string]any, string) {
	t.Helper()
	out, err := c.GetPolicy(ctx(t), &lambda.GetPolicyInput{FunctionName: aws.String(name), Qualifier: qualifier(q)})
	if err != nil {
		t.Fatalf("get policy %s %s: %v", name, q, err)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(out.Policy)), &p); err != nil {
		t.Fatalf("policy %q: %v", aws.ToString(out.Policy), err)
	}
	if aws.ToString(out.RevisionId) == "" {
		t.Error("GetPolicy answered no RevisionId")
	}
	return p, aws.ToString(out.RevisionId)
}

func sids(p map[string]any) []string {
	var out []string
	for _, st := range p["Statement"].([]any) {
		out = append(out, st.(map[string]any)["Sid"].(string))
	}
	return out
}

func TestPermissions(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createFn(t, s, "perm", "python3.12", "app.handler", helloZip, nil)
	if _, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("perm")}); err != nil {
		t.Fatal(err)
	}
	for _, alias := range []string{"live", "bare"} {
		if _, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("perm"), Name: aws.String(alias), FunctionVersion: aws.String("1")}); err != nil {
			t.Fatal(err)
		}
	}
	arn := fnARN(s, "perm")

	t.Run("Statements", func(t *testing.T) {
		tests := []struct {
			name string
			in   lambda.AddPermissionInput
			want string
		}{
			{"service", lambda.AddPermissionInput{Principal: aws.String("s3.amazonaws.com"), Action: aws.String("lambda:InvokeFunction"),
				SourceArn: aws.String("arn:aws:s3:::bucket"), SourceAccount: aws.String("111122223333")},
				`{"Sid":"service","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + arn + `",
				  "Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"},"StringEquals":{"AWS:SourceAccount":"111122223333"}}}`},
			{"account", lambda.AddPermissionInput{Principal: aws.String("111122223333"), Action: aws.String("lambda:*")},
				`{"Sid":"account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"lambda:*","Resource":"` + arn + `"}`},
			{"role", lambda.AddPermissionInput{Principal: aws.String("arn:aws:iam::111122223333:role/caller"), Action: aws.String("lambda:GetFunction")},
				`{"Sid":"role","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/caller"},"Action":"lambda:GetFunction","Resource":"` + arn + `"}`},
			{"anyone", lambda.AddPermissionInput{Principal: aws.String("*"), Action: aws.String("lambda:InvokeFunctionUrl"), FunctionUrlAuthType: "NONE"},
				`{"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"` + arn + `",
				  "Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}`},
			{"org", lambda.AddPermissionInput{Principal: aws.String("*"), Action: aws.String("*"), PrincipalOrgID: aws.String("o-abcdefghij")},
				`{"Sid":"org","Effect":"Allow","Principal":"*","Action":"*","Resource":"` + arn + `","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}`},
			{"alexa", lambda.AddPermissionInput{Principal: aws.String("alexa-connectedhome.amazon.com"), Action: aws.String("lambda:InvokeFunction"), EventSourceToken: aws.String("amzn1.ask.skill.x-1")},
				`{"Sid":"alexa","Effect":"Allow","Principal":{"Service":"alexa-connectedhome.amazon.com"},"Action":"lambda:InvokeFunction","Resource":"` + arn + `",
				  "Condition":{"StringEquals":{"lambda:EventSourceToken":"amzn1.ask.skill.x-1"}}}`},
		}
		var want []any
		for _, tt := range tests {
			tt.in.FunctionName, tt.in.StatementId = aws.String("perm"), aws.String(tt.name)
			got := addPermission(t, c, &tt.in)
			var w map[string]any
			if err := json.Unmarshal([]byte(tt.want), &w); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("%s statement (-want +got):\n%s", tt.name, diff)
			}
			want = append(want, w)
		}
		p, _ := policyOf(t, c, "perm", "")
		if diff := cmp.Diff(map[string]any{"Version": "2012-10-17", "Id": "default", "Statement": want}, p); diff != "" {
			t.Errorf("policy (-want +got):\n%s", diff)
		}
	})

	t.Run("Qualifiers", func(t *testing.T) {
		for _, tt := range []struct{ name, q, resource string }{
			{"perm", "1", arn + ":1"},
			{"perm", "live", arn + ":live"},
			{arn + ":live", "", arn + ":live"}, // the qualifier may come with the name
		} {
			st := addPermission(t, c, &lambda.AddPermissionInput{FunctionName: aws.String(tt.name), Qualifier: qualifier(tt.q),
				StatementId: aws.String("q" + strings.ReplaceAll(tt.q, "live", "L")), Principal: aws.String("*"), Action: aws.String("lambda:InvokeFunction")})
			if st["Resource"] != tt.resource {
				t.Errorf("%s %s: resource %v", tt.name, tt.q, st["Resource"])
			}
		}
		if p, _ := policyOf(t, c, "perm", "1"); !cmp.Equal(sids(p), []string{"q1"}) {
			t.Errorf("version 1 policy: %v", sids(p))
		}
		if p, _ := policyOf(t, c, "perm:live", ""); !cmp.Equal(sids(p), []string{"qL", "q"}) {
			t.Errorf("alias policy: %v", sids(p))
		}
		_, err := c.AddPermission(ctx(t), &lambda.AddPermissionInput{FunctionName: aws.String("perm"), Qualifier: aws.String("$LATEST"),
			StatementId: aws.String("latest"), Principal: aws.String("*"), Action: aws.String("lambda:InvokeFunction")})
		if ae := apiError(t, err, "InvalidParameterValueException"); ae.ErrorMessage() != "We currently do not support adding policies for $LATEST." {
			t.Error(ae.ErrorMessage())
		}
	})

	t.Run("Revisions", func(t *testing.T) {
		_, rev := policyOf(t, c, "perm", "1")
		grant := func(sid, revision string) error {
			_, err := c.AddPermission(ctx(t), &lambda.AddPermissionInput{FunctionName: aws.String("perm"), Qualifier: aws.String("1"),
				StatementId: aws.String(sid), Principal: aws.String("*"), Action: aws.String("lambda:InvokeFunction"), RevisionId: aws.String(revision)})
			return err
		}
		const stale = "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id"
		if ae := apiError(t, grant("r1", "stale"), "PreconditionFailedException"); ae.ErrorMessage() != stale {
			t.Error(ae.ErrorMessage())
		}
		if err := grant("r1", rev); err != nil {
			t.Fatal(err)
		}
		_, next := policyOf(t, c, "perm", "1")
		if next == rev {
			t.Fatal("AddPermission left the RevisionId as it was")
		}
		apiError(t, grant("r2", rev), "PreconditionFailedException")
		_, err := c.RemovePermission(ctx(t), &lambda.RemovePermissionInput{FunctionName: aws.String("perm"), Qualifier: aws.String("1"),
			StatementId: aws.String("r1"), RevisionId: aws.String(rev)})
		if ae := apiError(t, err, "PreconditionFailedException"); ae.ErrorMessage() != stale {
			t.Error(ae.ErrorMessage())
		}
		if _, err := c.RemovePermission(ctx(t), &lambda.RemovePermissionInput{FunctionName: aws.String("perm"), Qualifier: aws.String("1"),
			StatementId: aws.String("r1"), RevisionId: aws.String(next)}); err != nil {
			t.Fatal(err)
		}
		if p, _ := policyOf(t, c, "perm", "1"); !cmp.Equal(sids(p), []string{"q1"}) {
			t.Errorf("after removal: %v", sids(p))
		}
	})

	t.Run("Errors", func(t *testing.T) { permissionErrors(t, s) })

	t.Run("RemovedWithTheirResource", func(t *testing.T) {
		if _, err := c.RemovePermission(ctx(t), &lambda.RemovePermissionInput{FunctionName: aws.String("perm"), Qualifier: aws.String("1"), StatementId: aws.String("q1")}); err != nil {
			t.Fatal(err)
		}
		_, err := c.GetPolicy(ctx(t), &lambda.GetPolicyInput{FunctionName: aws.String("perm"), Qualifier: aws.String("1")})
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "The resource you requested does not exist." {
			t.Errorf("the last statement went, the policy stayed: %s", ae.ErrorMessage())
		}
		if _, err := c.DeleteAlias(ctx(t), &lambda.DeleteAliasInput{FunctionName: aws.String("perm"), Name: aws.String("live")}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("perm"), Name: aws.String("live"), FunctionVersion: aws.String("1")}); err != nil {
			t.Fatal(err)
		}
		_, err = c.GetPolicy(ctx(t), &lambda.GetPolicyInput{FunctionName: aws.String("perm"), Qualifier: aws.String("live")})
		apiError(t, err, "ResourceNotFoundException")
		if _, err := c.DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("perm")}); err != nil {
			t.Fatal(err)
		}
		createFn(t, s, "perm", "python3.12", "app.handler", helloZip, nil)
		_, err = c.GetPolicy(ctx(t), &lambda.GetPolicyInput{FunctionName: aws.String("perm")})
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "The resource you requested does not exist." {
			t.Error(ae.ErrorMessage())
		}
	})
}

// permissionErrors checks AWS's status, type, message member and text.
func permissionErrors(t *testing.T, s *server) {
	policy := "/2015-03-31/functions/perm/policy"
	grant := func(sid, principal, action string) []byte {
		data, _ := json.Marshal(map[string]string{"StatementId": sid, "Principal": principal, "Action": action})
		return data
	}
	huge := strings.Repeat("h", 100)
	resp := s.signed(t, "POST", policy, grant("dup", "*", "lambda:InvokeFunction"))
	if resp.status != 201 {
		t.Fatalf("add: %d %s", resp.status, resp.body)
	}
	tests := []struct {
		name, method, path string
		body               []byte
		status             int
		code, member, text string
	}{
		{"Duplicate", "POST", policy, grant("dup", "*", "lambda:InvokeFunction"), 409, "ResourceConflictException", "message",
			"The statement id (dup) provided already exists. Please provide a new statement id, or remove the existing statement."},
		{"NoStatementId", "POST", policy, []byte(`{"Principal":"*","Action":"lambda:InvokeFunction"}`), 400, "ValidationException", "message",
			"at 'statementId' failed to satisfy constraint: Member must not be null"},
		{"StatementIdPattern", "POST", policy, grant("a b", "*", "lambda:InvokeFunction"), 400, "ValidationException", "message",
			"1 validation error detected: Value 'a b' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"},
		{"StatementIdLength", "POST", policy, grant(huge+"x", "*", "lambda:InvokeFunction"), 400, "ValidationException", "message",
			"at 'statementId' failed to satisfy constraint: Member must have length less than or equal to 100"},
		{"Action", "POST", policy, grant("a", "*", "s3:GetObject"), 400, "ValidationException", "message",
			"Value 's3:GetObject' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])"},
		{"PrincipalPattern", "POST", policy, grant("a", "x y", "lambda:InvokeFunction"), 400, "ValidationException", "message",
			`Value 'x y' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\s]+`},
		{"PrincipalInvalid", "POST", policy, grant("a", "amazonaws.com", "lambda:InvokeFunction"), 400, "InvalidParameterValueException", "message",
			"The provided principal was invalid. Please check the principal and try again."},
		{"SourceAccount", "POST", policy, []byte(`{"StatementId":"a","Principal":"*","Action":"*","SourceAccount":"12"}`), 400, "ValidationException", "message",
			"at 'sourceAccount'"},
		{"AuthType", "POST", policy, []byte(`{"StatementId":"a","Principal":"*","Action":"*","FunctionUrlAuthType":"OPEN"}`), 400, "ValidationException", "message",
			"Member must satisfy enum value set: [NONE, AWS_IAM]"},
		{"NotJSON", "POST", policy, []byte(`{`), 400, "InvalidRequestContentException", "message", "Could not parse request body into json"},
		{"NoFunction", "POST", "/2015-03-31/functions/nope/policy", grant("a", "*", "*"), 404, "ResourceNotFoundException", "Message",
			"Function not found: " + fnARN(s, "nope")},
		{"NoVersion", "GET", policy + "?Qualifier=7", nil, 404, "ResourceNotFoundException", "Message", "The resource you requested does not exist."},
		{"NoPolicy", "GET", policy + "?Qualifier=bare", nil, 404, "ResourceNotFoundException", "Message", "The resource you requested does not exist."},
		{"LatestHasNone", "GET", policy + "?Qualifier=%24LATEST", nil, 404, "ResourceNotFoundException", "Message", "The resource you requested does not exist."},
		{"UnknownSid", "DELETE", policy + "/nope", nil, 404, "ResourceNotFoundException", "Message", "Statement nope is not found in resource policy."},
		{"RemoveNoPolicy", "DELETE", policy + "/dup?Qualifier=bare", nil, 404, "ResourceNotFoundException", "Message", "No policy is associated with the given resource."},
		{"RemoveSidPattern", "DELETE", policy + "/" + url.PathEscape("a b"), nil, 400, "ValidationException", "message",
			"Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)"},
		{"BadQualifier", "GET", policy + "?Qualifier=a%2Fb", nil, 400, "ValidationException", "message", "at 'qualifier'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := s.signed(t, tt.method, tt.path, tt.body)
			if resp.status != tt.status || resp.header.Get("x-amzn-ErrorType") != tt.code {
				t.Fatalf("status %d type %q body %s", resp.status, resp.header.Get("x-amzn-ErrorType"), resp.body)
			}
			if msg, _ := resp.json(t)[tt.member].(string); !strings.Contains(msg, tt.text) {
				t.Errorf("%s = %q, want it to contain %q", tt.member, msg, tt.text)
			}
		})
	}
	t.Run("PolicyLengthExceeded", func(t *testing.T) {
		for i := 0; ; i++ {
			resp := s.signed(t, "POST", policy, grant(fmt.Sprintf("%s%03d", huge[:97], i), "arn:aws:iam::111122223333:role/"+huge, "lambda:InvokeFunction"))
			if resp.status == 201 {
				continue
			}
			if resp.status != 400 || resp.header.Get("x-amzn-ErrorType") != "PolicyLengthExceededException" {
				t.Fatalf("statement %d: status %d body %s", i, resp.status, resp.body)
			}
			if msg, _ := resp.json(t)["message"].(string); !regexp.MustCompile(`^The final policy size \(\d+\) is bigger than the limit \(20480\)\.$`).MatchString(msg) {
				t.Errorf("message %q", msg)
			}
			if i < 20 {
				t.Errorf("refused statement %d already", i)
			}
			return
		}
	})
}

func TestPermissionsAcrossAccounts(t *testing.T) {
	s := startServer(t)
	admin := s.lambda()
	createFn(t, s, "shared", "python3.12", "app.handler", helloZip, nil)
	if _, err := admin.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("shared")}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("shared"), Name: aws.String("live"), FunctionVersion: aws.String("1")}); err != nil {
		t.Fatal(err)
	}
	other := s.addAccount(t) // while the server runs
	oc := lambda.NewFromConfig(s.configFor(other))
	arn := fnARN(s, "shared")
	denied := func(action, resource string) string {
		return "User: arn:aws:iam::" + other.AccountID + ":root is not authorized to perform: " + action + " on resource: " + resource +
			" because no resource-based policy allows the " + action + " action"
	}
	invokeAs := func(t *testing.T, name string) (*lambda.InvokeOutput, error) {
		return oc.Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String(name), Payload: []byte(`{"from":"other"}`)})
	}
	refused := func(t *testing.T, name, resource string) {
		t.Helper()
		_, err := invokeAs(t, name)
		if ae := apiError(t, err, "AccessDeniedException"); ae.ErrorMessage() != denied("lambda:InvokeFunction", resource) {
			t.Errorf("message %q", ae.ErrorMessage())
		}
	}
	allowed := func(t *testing.T, name string) {
		t.Helper()
		out, err := invokeAs(t, name)
		if err != nil {
			t.Fatalf("invoke %s: %v", name, err)
		}
		if got := decode(t, out); got["from"] != "other" {
			t.Errorf("payload %s", out.Payload)
		}
	}

	t.Run("CallerIdentity", func(t *testing.T) {
		out, err := sts.NewFromConfig(s.configFor(other)).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(out.Account) != other.AccountID || aws.ToString(out.Arn) != "arn:aws:iam::"+other.AccountID+":root" {
			t.Errorf("identity %s %s", aws.ToString(out.Account), aws.ToString(out.Arn))
		}
	})
	t.Run("RefusedWithoutPolicy", func(t *testing.T) {
		resp := s.send(t, "POST", "/2015-03-31/functions/"+url.PathEscape(arn)+"/invocations", []byte(`{}`), other.AccessKeyID, other.SecretAccessKey, nil)
		want := map[string]any{"Type": "User", "__type": "AccessDeniedException", "Message": denied("lambda:InvokeFunction", arn)}
		if resp.status != 403 || resp.header.Get("x-amzn-ErrorType") != "AccessDeniedException" {
			t.Fatalf("status %d type %q body %s", resp.status, resp.header.Get("x-amzn-ErrorType"), resp.body)
		}
		if diff := cmp.Diff(want, resp.json(t)); diff != "" {
			t.Errorf("body (-want +got):\n%s", diff)
		}
		refused(t, arn, arn)
	})
	t.Run("PlainNameIsTheCallersOwn", func(t *testing.T) {
		_, err := invokeAs(t, "shared")
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "Function not found: arn:aws:lambda:us-east-1:"+other.AccountID+":function:shared" {
			t.Errorf("message %q", ae.ErrorMessage())
		}
	})

	addPermission(t, admin, &lambda.AddPermissionInput{FunctionName: aws.String("shared"), StatementId: aws.String("other"),
		Principal: aws.String(other.AccountID), Action: aws.String("lambda:InvokeFunction")})
	t.Run("AllowedByPolicy", func(t *testing.T) {
		allowed(t, arn)
		allowed(t, arn+":$LATEST")
		refused(t, arn+":live", arn+":live") // an alias answers to its own policy
		refused(t, arn+":1", arn+":1")
	})
	t.Run("QualifierPolicies", func(t *testing.T) {
		addPermission(t, admin, &lambda.AddPermissionInput{FunctionName: aws.String("shared"), Qualifier: aws.String("live"),
			StatementId: aws.String("mine"), Principal: aws.String("*"), Action: aws.String("lambda:*"), SourceAccount: aws.String(other.AccountID)})
		allowed(t, arn+":live")
		addPermission(t, admin, &lambda.AddPermissionInput{FunctionName: aws.String("shared"), Qualifier: aws.String("1"),
			StatementId: aws.String("theirs"), Principal: aws.String("*"), Action: aws.String("lambda:InvokeFunction"), SourceAccount: aws.String("444455556666")})
		refused(t, arn+":1", arn+":1")
	})
	t.Run("OtherOperationsRefused", func(t *testing.T) {
		_, err := oc.GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String(arn)})
		if ae := apiError(t, err, "AccessDeniedException"); ae.ErrorMessage() != denied("lambda:GetFunction", arn) {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		_, err = oc.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String(arn), Timeout: aws.Int32(30)})
		if ae := apiError(t, err, "AccessDeniedException"); ae.ErrorMessage() != denied("lambda:UpdateFunctionConfiguration", arn) {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		_, err = oc.AddPermission(ctx(t), &lambda.AddPermissionInput{FunctionName: aws.String(arn), StatementId: aws.String("self"),
			Principal: aws.String("*"), Action: aws.String("lambda:*")})
		apiError(t, err, "AccessDeniedException")
		_, err = oc.DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String(arn)})
		apiError(t, err, "AccessDeniedException")
		_, err = oc.ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
		apiError(t, err, "AccessDeniedException")
		if cfg, err := admin.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("shared")}); err != nil || aws.ToInt32(cfg.Timeout) != 10 {
			t.Errorf("the administrator's function changed: %v %v", cfg, err)
		}
	})
	t.Run("RefusedAfterRemoval", func(t *testing.T) {
		if _, err := admin.RemovePermission(ctx(t), &lambda.RemovePermissionInput{FunctionName: aws.String("shared"), StatementId: aws.String("other")}); err != nil {
			t.Fatal(err)
		}
		refused(t, arn, arn)
		allowed(t, arn+":live")
	})
}
