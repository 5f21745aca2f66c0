package arn

import (
	"errors"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/google/go-cmp/cmp"
)

func TestParseLayerName(t *testing.T) {
	tests := []struct {
		in   string
		want Layer
	}{
		{"my-layer_1", Layer{Name: "my-layer_1"}},
		{"arn:aws:lambda:us-east-1:123456789012:layer:deps", Layer{Region: "us-east-1", Account: "123456789012", Name: "deps"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLayerName(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Error(diff)
			}
		})
	}
	for _, in := range []string{"", "a b", "a.b", "arn:aws:lambda:us-east-1:123456789012:layer:deps:1", strings.Repeat("n", 141)} {
		if _, err := ParseLayerName(in); !errors.Is(err, aws.ErrValidation) {
			t.Errorf("%q: err = %v, want a validation error", in, err)
		}
	}
}

func TestParseLayerVersion(t *testing.T) {
	got, err := ParseLayerVersion("arn:aws:lambda:eu-west-1:123456789012:layer:deps:12", "arn")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Layer{Region: "eu-west-1", Account: "123456789012", Name: "deps", Version: 12}, got); diff != "" {
		t.Error(diff)
	}
	for _, in := range []string{"", "deps", "arn:aws:lambda:us-east-1:123456789012:layer:deps", "arn:aws:lambda:us-east-1:1234:layer:deps:1",
		"arn:aws:lambda:us-east-1:123456789012:layer:deps:99999999999999999999"} {
		_, err := ParseLayerVersion(in, "arn")
		if !errors.Is(err, aws.ErrValidation) || !strings.Contains(err.Error(), "at 'arn'") {
			t.Errorf("%q: err = %v, want a validation error at 'arn'", in, err)
		}
	}
}

func TestParseFunctionLayer(t *testing.T) {
	_, err := ParseFunctionLayer("arn:aws:lambda:us-east-1:123456789012:layer:deps")
	want := "1 validation error detected: Value '[arn:aws:lambda:us-east-1:123456789012:layer:deps]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 2048"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v", err)
	}
}

func TestLayerVersionARN(t *testing.T) {
	if got := LayerVersionARN("us-east-1", "123456789012", "deps", 3); got != "arn:aws:lambda:us-east-1:123456789012:layer:deps:3" {
		t.Error(got)
	}
}

func FuzzParseLayerVersion(f *testing.F) {
	for _, s := range []string{"deps", "arn:aws:lambda:us-east-1:123456789012:layer:deps:1", "arn:a:lambda:b:123456789012:layer:x:0", "::::::::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLayerVersion(s, "arn")
		if err == nil && (l.Name == "" || LayerVersionARN(l.Region, l.Account, l.Name, l.Version) == "") {
			t.Fatalf("%q parsed to %+v", s, l)
		}
		if n, err := ParseLayerName(s); err == nil && !plainNameRE.MatchString(n.Name) {
			t.Fatalf("%q parsed to bad name %q", s, n.Name)
		}
	})
}
