package control

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

func newURLService(t *testing.T) *Service {
	t.Helper()
	functions, aliases := newMemBucket(), newMemBucket()
	s := New(Config{Region: "us-east-1", Account: "123456789012", FunctionURL: func(id string) string {
		return "http://" + id + ".lambda-url.us-east-1.localhost:9000/"
	}}, Stores{
		Functions: functions, Versions: newMemBucket(), Aliases: aliases, Provisioned: newMemBucket(),
		EventConfigs: newMemBucket(), Policies: newMemBucket(), URLs: newMemBucket(),
	}, nil)
	ctx := context.Background()
	rec, _ := json.Marshal(record{Latest: lambda.FunctionConfiguration{FunctionName: "fn", FunctionArn: s.functionARN("fn"), Version: lambda.LatestVersion}})
	alias, _ := json.Marshal(lambda.Alias{Name: "live", FunctionVersion: lambda.LatestVersion})
	if _, err := functions.Create(ctx, "fn", rec); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "live"} {
		if _, err := aliases.Create(ctx, aliasKey("fn", name), alias); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestFunctionURLLifecycle(t *testing.T) {
	s := newURLService(t)
	ctx := context.Background()
	fn := arn.Function{Name: "fn"}
	c, err := s.CreateFunctionURLConfig(ctx, fn, URLInput{AuthType: lambda.URLAuthNone})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^http://[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:9000/$`).MatchString(c.FunctionUrl) {
		t.Errorf("FunctionUrl %q", c.FunctionUrl)
	}
	if c.InvokeMode != lambda.URLBuffered || c.LastModifiedTime != "" || c.FunctionArn != s.functionARN("fn") {
		t.Errorf("create answered %+v", c)
	}
	if _, err := s.CreateFunctionURLConfig(ctx, fn, URLInput{AuthType: lambda.URLAuthNone}); !errors.Is(err, aws.ErrConflict) ||
		!strings.Contains(err.Error(), "FunctionUrlConfig exists for this Lambda function") {
		t.Errorf("second create: %v", err)
	}
	maxAge := 60
	u, err := s.UpdateFunctionURLConfig(ctx, fn, URLInput{Cors: &lambda.Cors{AllowOrigins: []string{"*"}, MaxAge: &maxAge}})
	if err != nil || u.AuthType != lambda.URLAuthNone || u.Cors == nil || u.FunctionUrl != c.FunctionUrl || u.LastModifiedTime == "" {
		t.Errorf("update: %+v %v", u, err)
	}
	live, err := s.CreateFunctionURLConfig(ctx, arn.Function{Name: "fn", Qualifier: "a"}, URLInput{AuthType: lambda.URLAuthIAM, InvokeMode: lambda.URLStream})
	if err != nil || live.FunctionUrl == c.FunctionUrl || !strings.HasSuffix(live.FunctionArn, ":fn:a") {
		t.Errorf("alias URL: %+v %v", live, err)
	}
	list, next, err := s.ListFunctionURLConfigs(ctx, fn, "", 0)
	if err != nil || next != "" || len(list) != 2 || list[0].FunctionArn != s.functionARN("fn") {
		t.Errorf("list: %+v %q %v", list, next, err)
	}
	if list[1].FunctionArn != live.FunctionArn {
		t.Errorf("list order: %+v", list)
	}
	if err := s.DeleteAlias(ctx, fn, "a"); err != nil {
		t.Fatal(err)
	}
	if list, _, _ := s.ListFunctionURLConfigs(ctx, fn, "", 0); len(list) != 1 {
		t.Errorf("the alias's URL outlived it: %+v", list)
	}
	if err := s.DeleteFunctionURLConfig(ctx, fn); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetFunctionURLConfig(ctx, fn); !errors.Is(err, aws.ErrNotFound) || err.Error() != noURL {
		t.Errorf("get after delete: %v", err)
	}
	again, err := s.CreateFunctionURLConfig(ctx, fn, URLInput{AuthType: lambda.URLAuthIAM})
	if err != nil || again.FunctionUrl != c.FunctionUrl {
		t.Errorf("made again: %+v %v, want the same URL %s", again, err, c.FunctionUrl)
	}
}

func TestFunctionURLRefusals(t *testing.T) {
	s := newURLService(t)
	ctx := context.Background()
	big := 86401
	tests := []struct {
		name string
		ref  arn.Function
		in   URLInput
		kind *aws.Kind
		want string
	}{
		{"NoAuthType", arn.Function{Name: "fn"}, URLInput{}, aws.ErrValidation, "Value '<nil>' at 'authType' failed to satisfy constraint: Member must not be null"},
		{"BadAuthType", arn.Function{Name: "fn"}, URLInput{AuthType: "OPEN"}, aws.ErrValidation, "Member must satisfy enum value set: [NONE, AWS_IAM]"},
		{"BadInvokeMode", arn.Function{Name: "fn"}, URLInput{AuthType: "NONE", InvokeMode: "FAST"}, aws.ErrValidation, "at 'invokeMode'"},
		{"Version", arn.Function{Name: "fn", Qualifier: "1"}, URLInput{AuthType: "NONE"}, aws.ErrValidation, "Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)"},
		{"Latest", arn.Function{Name: "fn", Qualifier: "$LATEST"}, URLInput{AuthType: "NONE"}, aws.ErrValidation, "at 'qualifier'"},
		{"NoFunction", arn.Function{Name: "nope"}, URLInput{AuthType: "NONE"}, aws.ErrNotFound, "Function does not exist"},
		{"NoAlias", arn.Function{Name: "fn", Qualifier: "gone"}, URLInput{AuthType: "NONE"}, aws.ErrNotFound, "Function does not exist"},
		{"OtherAccount", arn.Function{Account: "210987654321", Name: "fn"}, URLInput{AuthType: "NONE"}, aws.ErrNotFound, "Function does not exist"},
		{"SevenMethods", arn.Function{Name: "fn"}, URLInput{AuthType: "NONE", Cors: &lambda.Cors{AllowMethods: strings.Split("GET,PUT,POST,HEAD,PATCH,DELETE,*", ",")}},
			aws.ErrValidation, "at 'cors.allowMethods' failed to satisfy constraint: Member must have length less than or equal to 6"},
		{"LongMethod", arn.Function{Name: "fn"}, URLInput{AuthType: "NONE", Cors: &lambda.Cors{AllowMethods: []string{"OPTIONS"}}},
			aws.ErrValidation, "Value '[OPTIONS]' at 'cors.allowMethods'"},
		{"EmptyOrigin", arn.Function{Name: "fn"}, URLInput{AuthType: "NONE", Cors: &lambda.Cors{AllowOrigins: []string{""}}}, aws.ErrValidation, "at 'cors.allowOrigins'"},
		{"MaxAge", arn.Function{Name: "fn"}, URLInput{AuthType: "NONE", Cors: &lambda.Cors{MaxAge: &big}}, aws.ErrValidation,
			"Value '86401' at 'cors.maxAge' failed to satisfy constraint: Member must have value less than or equal to 86400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateFunctionURLConfig(ctx, tt.ref, tt.in)
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %v containing %q", err, tt.kind, tt.want)
			}
		})
	}
	for name, call := range map[string]func() error{
		"Get": func() error { _, err := s.GetFunctionURLConfig(ctx, arn.Function{Name: "fn"}); return err },
		"Update": func() error {
			_, err := s.UpdateFunctionURLConfig(ctx, arn.Function{Name: "fn"}, URLInput{})
			return err
		},
		"Delete": func() error { return s.DeleteFunctionURLConfig(ctx, arn.Function{Name: "fn"}) },
		"List": func() error {
			_, _, err := s.ListFunctionURLConfigs(ctx, arn.Function{Name: "nope"}, "", 0)
			return err
		},
	} {
		if err := call(); !errors.Is(err, aws.ErrNotFound) || err.Error() != noURL {
			t.Errorf("%s without a URL: %v", name, err)
		}
	}
}
