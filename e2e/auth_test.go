package e2e

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

func TestAuthentication(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		name, key, secret, code, message string
	}{
		{"Unsigned", "", "", "MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"UnknownKey", "AKIAUNKNOWNUNKNOWN00", "secret", "UnrecognizedClientException", "The security token included in the request is invalid."},
		{"WrongSecret", s.admin.AccessKeyID, "wrong-secret", "InvalidSignatureException",
			"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := s.send(t, "GET", "/2015-03-31/functions", nil, tt.key, tt.secret, nil)
			if resp.status != 403 || resp.header.Get("x-amzn-ErrorType") != tt.code {
				t.Fatalf("status %d type %q body %s", resp.status, resp.header.Get("x-amzn-ErrorType"), resp.body)
			}
			if msg := resp.json(t)["message"]; msg != tt.message {
				t.Errorf("message = %q", msg)
			}
			if resp.header.Get("x-amzn-RequestId") == "" {
				t.Error("no request id")
			}
		})
	}
	t.Run("SDKWithWrongSecret", func(t *testing.T) {
		cfg := s.awsConfig()
		cfg.Credentials = credentials.NewStaticCredentialsProvider(s.admin.AccessKeyID, "nope", "")
		_, err := lambda.NewFromConfig(cfg).ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidSignatureException" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("RefusedRequestChangesNothing", func(t *testing.T) {
		body := []byte(`{"FunctionName":"sneaky","Role":"` + role + `","Runtime":"python3.12","Handler":"a.b","Code":{"ZipFile":""}}`)
		s.send(t, "POST", "/2015-03-31/functions", body, s.admin.AccessKeyID, "wrong", nil)
		_, err := s.lambda().GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("sneaky")})
		apiError(t, err, "ResourceNotFoundException")
	})
	t.Run("HealthIsOpen", func(t *testing.T) {
		if resp := s.send(t, "GET", "/_virga/health", nil, "", "", nil); resp.status != 200 {
			t.Fatalf("health status %d", resp.status)
		}
	})
}

func TestGetCallerIdentity(t *testing.T) {
	s := startServer(t)
	out, err := sts.NewFromConfig(s.awsConfig()).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account) != s.admin.AccountID || aws.ToString(out.Arn) != "arn:aws:iam::"+s.admin.AccountID+":root" {
		t.Errorf("identity %s %s", aws.ToString(out.Account), aws.ToString(out.Arn))
	}
}
