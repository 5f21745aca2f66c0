package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/google/go-cmp/cmp"
	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

func newPolicyService(t *testing.T) *Service {
	t.Helper()
	functions := newMemBucket()
	s := New(Config{Region: "us-east-1", Account: "123456789012"}, Stores{
		Functions: functions, Versions: newMemBucket(), Aliases: newMemBucket(), Provisioned: newMemBucket(),
		EventConfigs: newMemBucket(), Policies: newMemBucket(), URLs: newMemBucket(),
	}, nil)
	rec, _ := json.Marshal(record{Latest: lambda.FunctionConfiguration{
		FunctionName: "fn", FunctionArn: s.functionARN("fn"), Version: lambda.LatestVersion, RevisionId: "fn-rev",
	}})
	if _, err := functions.Create(context.Background(), "fn", rec); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAddPermissionStatements(t *testing.T) {
	const fnARN = "arn:aws:lambda:us-east-1:123456789012:function:fn"
	tests := []struct {
		name string
		in   PermissionInput
		want string
	}{
		{"Service", PermissionInput{Principal: "s3.amazonaws.com", Action: "lambda:InvokeFunction", SourceArn: "arn:aws:s3:::bucket", SourceAccount: "111122223333"},
			`{"Sid":"Service","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `",` +
				`"Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"},"StringEquals":{"AWS:SourceAccount":"111122223333"}}}`},
		{"Account", PermissionInput{Principal: "111122223333", Action: "lambda:*"},
			`{"Sid":"Account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"lambda:*","Resource":"` + fnARN + `"}`},
		{"Role", PermissionInput{Principal: "arn:aws:iam::111122223333:role/r", Action: "lambda:GetFunction"},
			`{"Sid":"Role","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/r"},"Action":"lambda:GetFunction","Resource":"` + fnARN + `"}`},
		{"Anyone", PermissionInput{Principal: "*", Action: "lambda:InvokeFunctionUrl", FunctionUrlAuthType: "NONE", PrincipalOrgID: "o-abcdefghij", EventSourceToken: "tok.1"},
			`{"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"` + fnARN + `",` +
				`"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij","lambda:EventSourceToken":"tok.1","lambda:FunctionUrlAuthType":"NONE"}}}`},
	}
	s := newPolicyService(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.StatementId = tt.name
			st, err := s.AddPermission(context.Background(), arn.Function{Name: "fn"}, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(st)
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("statement (-want +got):\n%s", diff)
			}
		})
	}
	p, _, err := s.GetPolicy(context.Background(), arn.Function{Name: "fn"})
	if err != nil || p.Version != "2012-10-17" || p.Id != "default" || len(p.Statement) != len(tests) {
		t.Fatalf("policy %+v, %v", p, err)
	}
}

func TestPolicyRevisionsAndRemoval(t *testing.T) {
	ctx := context.Background()
	s := newPolicyService(t)
	fn := arn.Function{Name: "fn"}
	add := PermissionInput{StatementId: "a", Principal: "*", Action: "lambda:InvokeFunction"}
	wantKind := func(t *testing.T, err error, kind error, text string) {
		t.Helper()
		if !errors.Is(err, kind) || !strings.Contains(err.Error(), text) {
			t.Fatalf("err = %v, want %v containing %q", err, kind, text)
		}
	}

	add.RevisionId = "stale"
	_, err := s.AddPermission(ctx, fn, add)
	wantKind(t, err, aws.ErrPreconditionFailed, "Call the GetPolicy API")
	add.RevisionId = "fn-rev" // with no policy yet, the function's revision
	if _, err := s.AddPermission(ctx, fn, add); err != nil {
		t.Fatal(err)
	}
	_, err = s.AddPermission(ctx, fn, add)
	wantKind(t, err, aws.ErrPreconditionFailed, "Call the GetPolicy API")
	_, rev, _ := s.GetPolicy(ctx, fn)
	add.RevisionId = rev
	_, err = s.AddPermission(ctx, fn, add)
	wantKind(t, err, aws.ErrConflict, "The statement id (a) provided already exists.")

	wantKind(t, s.RemovePermission(ctx, fn, "b", ""), aws.ErrNotFound, "Statement b is not found in resource policy.")
	wantKind(t, s.RemovePermission(ctx, fn, "a", "stale"), aws.ErrPreconditionFailed, "GetPolicy")
	if err := s.RemovePermission(ctx, fn, "a", rev); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.GetPolicy(ctx, fn)
	wantKind(t, err, aws.ErrNotFound, "The resource you requested does not exist.")
	wantKind(t, s.RemovePermission(ctx, fn, "a", ""), aws.ErrNotFound, "No policy is associated with the given resource.")
}

func TestPolicyRefusals(t *testing.T) {
	ctx := context.Background()
	s := newPolicyService(t)
	ok := PermissionInput{StatementId: "s", Principal: "*", Action: "lambda:InvokeFunction"}
	with := func(change func(*PermissionInput)) PermissionInput {
		in := ok
		change(&in)
		return in
	}
	tests := []struct {
		name string
		ref  arn.Function
		in   PermissionInput
		kind error
		text string
	}{
		{"Latest", arn.Function{Name: "fn", Qualifier: "$LATEST"}, ok, aws.ErrInvalid, "We currently do not support adding policies for $LATEST."},
		{"NoFunction", arn.Function{Name: "nope"}, ok, aws.ErrNotFound, "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"},
		{"NoVersion", arn.Function{Name: "fn", Qualifier: "3"}, ok, aws.ErrNotFound, "function:fn:3"},
		{"NoSid", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.StatementId = "" }), aws.ErrValidation, "at 'statementId' failed to satisfy constraint: Member must not be null"},
		{"SidPattern", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.StatementId = "a b" }), aws.ErrValidation, "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"},
		{"SidLength", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.StatementId = strings.Repeat("s", 101) }), aws.ErrValidation, "Member must have length less than or equal to 100"},
		{"Action", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.Action = "s3:GetObject" }), aws.ErrValidation, "at 'action'"},
		{"PrincipalSpace", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.Principal = "a b" }), aws.ErrValidation, "at 'principal'"},
		{"PrincipalUnknown", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.Principal = "amazonaws.com" }), aws.ErrInvalid, "The provided principal was invalid."},
		{"SourceAccount", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.SourceAccount = "12" }), aws.ErrValidation, "at 'sourceAccount'"},
		{"SourceArn", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.SourceArn = "bucket" }), aws.ErrValidation, "at 'sourceArn'"},
		{"OrgID", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.PrincipalOrgID = "org" }), aws.ErrValidation, "at 'principalOrgID'"},
		{"AuthType", arn.Function{Name: "fn"}, with(func(in *PermissionInput) { in.FunctionUrlAuthType = "OPEN" }), aws.ErrValidation, "Member must satisfy enum value set: [NONE, AWS_IAM]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AddPermission(ctx, tt.ref, tt.in)
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("err = %v, want %v containing %q", err, tt.kind, tt.text)
			}
		})
	}
	t.Run("TooLong", func(t *testing.T) {
		var err error
		for i := 0; err == nil && i < 200; i++ {
			_, err = s.AddPermission(ctx, arn.Function{Name: "fn"}, with(func(in *PermissionInput) {
				in.StatementId = fmt.Sprintf("%s%03d", strings.Repeat("x", 97), i)
			}))
		}
		if !errors.Is(err, lambda.ErrPolicyLengthExceeded) || !strings.Contains(err.Error(), "is bigger than the limit (20480).") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestPoliciesGoWithTheirResource(t *testing.T) {
	ctx := context.Background()
	s := newPolicyService(t)
	latest := lambda.LatestVersion
	if _, err := s.CreateAlias(ctx, arn.Function{Name: "fn"}, AliasInput{Name: "live", FunctionVersion: &latest}); err != nil {
		t.Fatal(err)
	}
	grant := PermissionInput{StatementId: "s", Principal: "*", Action: "*"}
	for _, q := range []string{"", "live"} {
		st, err := s.AddPermission(ctx, arn.Function{Name: "fn", Qualifier: q}, grant)
		if err != nil {
			t.Fatal(err)
		}
		if want := arn.Qualified(s.functionARN("fn"), q); st.Resource != want {
			t.Errorf("resource %s, want %s", st.Resource, want)
		}
	}
	if err := s.DeleteAlias(ctx, arn.Function{Name: "fn"}, "live"); err != nil {
		t.Fatal(err)
	}
	if keys, _ := s.policies.Keys(ctx); len(keys) != 1 || keys[0] != "fn.=latest" {
		t.Errorf("after DeleteAlias: %v", keys)
	}
	if err := s.DeleteFunction(ctx, arn.Function{Name: "fn"}); err != nil {
		t.Fatal(err)
	}
	if keys, _ := s.policies.Keys(ctx); len(keys) != 0 {
		t.Errorf("after DeleteFunction: %v", keys)
	}
}
