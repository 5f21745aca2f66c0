package arn

import (
	"errors"
	"testing"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/google/go-cmp/cmp"
)

func TestParseFunction(t *testing.T) {
	tests := []struct {
		in    string
		shape Shape
		want  Function
	}{
		{"fn", Plain, Function{Name: "fn"}},
		{"arn:aws:lambda:us-east-1:123456789012:function", Plain, Function{Partition: "aws", Region: "us-east-1", Account: "123456789012", Name: "function"}},
		{"arn:aws:lambda:eusc-de-east-1:123456789012:function:fn", Unqualified, Function{Partition: "aws", Region: "eusc-de-east-1", Account: "123456789012", Name: "fn"}},
		{"my.fn:$LATEST.PUBLISHED", Namespaced, Function{Name: "my.fn", Qualifier: "$LATEST.PUBLISHED"}},
		{"fn:$LATEST", Plain, Function{Name: "fn", Qualifier: "$LATEST"}},
		{"fn:live", Plain, Function{Name: "fn", Qualifier: "live"}},
		{"123456789012:function:fn", Plain, Function{Account: "123456789012", Name: "fn"}},
		{"123456789012:function:fn:7", Plain, Function{Account: "123456789012", Name: "fn", Qualifier: "7"}},
		{"arn:aws:lambda:us-east-1:123456789012:function:my-fn_1", Plain, Function{Partition: "aws", Region: "us-east-1", Account: "123456789012", Name: "my-fn_1"}},
		{"arn:aws:lambda:eu-west-2:123456789012:function:fn:$LATEST", Plain, Function{Partition: "aws", Region: "eu-west-2", Account: "123456789012", Name: "fn", Qualifier: "$LATEST"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFunctionShape(tt.in, "functionName", tt.shape)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Error(diff)
			}
		})
	}
}

func TestParseFunctionInvalid(t *testing.T) {
	for _, in := range []string{"", "fn:a:b", "a b", "a.b", "fn:$LATEST.PUBLISHED", "arn:aws:lambda:us-east-1:123:function:fn", "fn/x", "arn:aws:s3:::bucket", string(make([]byte, 141))} {
		t.Run(in, func(t *testing.T) {
			_, err := ParseFunction(in, "functionName")
			if !errors.Is(err, aws.ErrValidation) {
				t.Fatalf("err = %v, want a validation error", err)
			}
		})
	}
}

func TestValidateQualifier(t *testing.T) {
	for _, q := range []string{"$LATEST", "1", "live", "a-b_c"} {
		if err := ValidateQualifier(q); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	for _, q := range []string{"", "a:b", "a b", string(make([]byte, 129))} {
		if err := ValidateQualifier(q); !errors.Is(err, aws.ErrValidation) {
			t.Errorf("%q: err = %v", q, err)
		}
	}
}

func FuzzParseFunction(f *testing.F) {
	for _, s := range []string{"fn", "fn:1", "123456789012:function:fn", "arn:aws:lambda:us-east-1:123456789012:function:fn:live", "::::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fn, err := ParseFunction(s, "functionName")
		if err != nil {
			return
		}
		if fn.Name == "" || !plainNameRE.MatchString(fn.Name) {
			t.Fatalf("%q parsed to bad name %q", s, fn.Name)
		}
	})
}
