package policy

import "testing"

func TestGlob(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "anything/at:all", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"a*c", "abbbc", true},
		{"a*c", "abbbd", false},
		{"*b*b*", "abxbx", true},
		{"", "", true},
		{"", "a", false},
		{"**a", "a", true},
	}
	for _, tc := range cases {
		if got := glob(tc.pattern, tc.s); got != tc.want {
			t.Errorf("glob(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func TestARNMatches(t *testing.T) {
	fn := "arn:aws:lambda:us-east-1:111122223333:function:orders"
	cases := []struct {
		pattern, resource string
		want              bool
	}{
		{"*", fn, true},
		{fn, fn, true},
		{"arn:aws:lambda:*:*:function:*", fn, true},
		{"arn:aws:lambda:*:*:function:*", fn + ":live", true},
		{fn, fn + ":live", false},
		{fn + ":*", fn + ":7", true},
		{"arn:aws:lambda:us-*:111122223333:function:ord?rs", fn, true},
		{"arn:aws:lambda:*:function:orders", fn, false}, // a wildcard stays within its segment
		{"arn:aws:logs:*:*:*", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x:*", true},
		{"arn:aws:logs:*:*:log-group:/aws/lambda/*", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x:*", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b.txt", true},
		{"arn:aws:lambda:*:*:function:*", "*", false},
	}
	for _, tc := range cases {
		if got := arnMatches(tc.pattern, tc.resource); got != tc.want {
			t.Errorf("arnMatches(%q, %q) = %v, want %v", tc.pattern, tc.resource, got, tc.want)
		}
	}
}

func TestExpand(t *testing.T) {
	ctx := map[string][]string{"aws:userid": {"AROA1:fn"}, "aws:tagkeys": {"a", "b"}}
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"plain", "plain", true},
		{"arn:aws:s3:::home/${aws:userid}/*", "arn:aws:s3:::home/AROA1:fn/*", true},
		{"${aws:username}", "", false},
		{"${aws:TagKeys}", "", false}, // multi-valued keys are no variables
		{"${aws:username, 'nobody'}", "nobody", true},
		{"${*}${?}${$}", "*?$", true},
		{"${unclosed", "${unclosed", true},
	}
	for _, tc := range cases {
		got, ok := expand(tc.in, ctx)
		if got != tc.want || ok != tc.ok {
			t.Errorf("expand(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
