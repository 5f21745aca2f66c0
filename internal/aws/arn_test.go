package aws

import "testing"

func TestParseARN(t *testing.T) {
	tests := []struct {
		in   string
		want ARN
		ok   bool
	}{
		{"arn:aws:sqs:us-east-1:123456789012:q", ARN{"aws", "sqs", "us-east-1", "123456789012", "q"}, true},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:live", ARN{"aws", "lambda", "us-east-1", "123456789012", "function:f:live"}, true},
		{"arn:aws:s3:::bucket/key", ARN{"aws", "s3", "", "", "bucket/key"}, true},
		{"arn:aws:iam::123456789012:role/r", ARN{"aws", "iam", "", "123456789012", "role/r"}, true},
		{"arn:aws:sqs:us-east-1:1", ARN{}, false},
		{"nope:aws:sqs:r:a:q", ARN{}, false},
		{"arn::sqs:r:a:q", ARN{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseARN(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseARN(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok && got.String() != tt.in {
			t.Errorf("String() = %q, want %q", got.String(), tt.in)
		}
	}
}

func FuzzParseARN(f *testing.F) {
	f.Add("arn:aws:sqs:us-east-1:123456789012:q")
	f.Fuzz(func(t *testing.T, s string) {
		if a, ok := ParseARN(s); ok && a.String() != s {
			t.Errorf("round trip %q → %q", s, a.String())
		}
	})
}
