package policy

import (
	"testing"
	"time"
)

func TestConditions(t *testing.T) {
	ctx := map[string][]string{
		"aws:principaltag/team": {"core"},
		"aws:sourceip":          {"10.1.2.3"},
		"aws:securetransport":   {"false"},
		"aws:epochtime":         {"1700000000"},
		"aws:currenttime":       {"2026-01-02T03:04:05Z"},
		"aws:tagkeys":           {"env", "team"},
		"aws:sourcearn":         {"arn:aws:sqs:us-east-1:111122223333:orders"},
		"aws:userid":            {"AROAEXAMPLE:fn"},
		"s3:blob":               {"aGVsbG8="},
	}
	cases := []struct {
		op, key string
		values  []string
		want    bool
	}{
		{"StringEquals", "aws:PrincipalTag/team", []string{"core"}, true},
		{"StringEquals", "AWS:PRINCIPALTAG/TEAM", []string{"ops", "core"}, true},
		{"StringEquals", "aws:PrincipalTag/team", []string{"Core"}, false},
		{"StringEqualsIgnoreCase", "aws:PrincipalTag/team", []string{"CORE"}, true},
		{"StringNotEquals", "aws:PrincipalTag/team", []string{"ops"}, true},
		{"StringNotEquals", "aws:PrincipalTag/team", []string{"ops", "core"}, false},
		{"StringNotEquals", "aws:PrincipalTag/missing", []string{"ops"}, true},
		{"StringLike", "aws:PrincipalTag/team", []string{"c?r*"}, true},
		{"StringNotLike", "aws:PrincipalTag/team", []string{"o*"}, true},
		{"StringEquals", "aws:PrincipalTag/missing", []string{"x"}, false},
		{"StringEqualsIfExists", "aws:PrincipalTag/missing", []string{"x"}, true},
		{"StringEqualsIfExists", "aws:PrincipalTag/team", []string{"x"}, false},
		{"StringEquals", "aws:userid", []string{"${aws:userid}"}, true},
		{"StringEquals", "aws:PrincipalTag/team", []string{"${aws:PrincipalTag/nope, 'core'}"}, true},
		{"StringEquals", "aws:PrincipalTag/team", []string{"${aws:PrincipalTag/nope}"}, false},
		{"NumericLessThan", "aws:EpochTime", []string{"1800000000"}, true},
		{"NumericGreaterThanEquals", "aws:EpochTime", []string{"1700000000"}, true},
		{"NumericNotEquals", "aws:EpochTime", []string{"1700000000"}, false},
		{"NumericEquals", "aws:EpochTime", []string{"not a number"}, false},
		{"DateGreaterThan", "aws:CurrentTime", []string{"2025-12-31T00:00:00Z"}, true},
		{"DateLessThan", "aws:CurrentTime", []string{"2026-01-01"}, false},
		{"DateLessThan", "aws:EpochTime", []string{"2024-01-01T00:00:00Z"}, true},
		{"Bool", "aws:SecureTransport", []string{"false"}, true},
		{"Bool", "aws:SecureTransport", []string{"true"}, false},
		{"BinaryEquals", "s3:blob", []string{"aGVsbG8="}, true},
		{"IpAddress", "aws:SourceIp", []string{"10.0.0.0/8"}, true},
		{"IpAddress", "aws:SourceIp", []string{"192.168.0.0/16", "10.1.2.3"}, true},
		{"NotIpAddress", "aws:SourceIp", []string{"10.0.0.0/8"}, false},
		{"IpAddress", "aws:SourceIp", []string{"192.168.0.0/16"}, false},
		{"ArnLike", "aws:SourceArn", []string{"arn:aws:sqs:*:111122223333:*"}, true},
		{"ArnEquals", "aws:SourceArn", []string{"arn:aws:sqs:us-east-1:111122223333:orders"}, true},
		{"ArnNotLike", "aws:SourceArn", []string{"arn:aws:sns:*"}, true},
		{"ArnLike", "aws:SourceArn", []string{"arn:aws:sqs:us-*:*:orders"}, true},
		{"ArnLike", "aws:SourceArn", []string{"arn:aws:sqs:*:orders"}, false},
		{"Null", "aws:PrincipalTag/missing", []string{"true"}, true},
		{"Null", "aws:PrincipalTag/team", []string{"true"}, false},
		{"Null", "aws:PrincipalTag/team", []string{"false"}, true},
		{"ForAnyValue:StringEquals", "aws:TagKeys", []string{"team"}, true},
		{"ForAnyValue:StringEquals", "aws:TagKeys", []string{"cost"}, false},
		{"ForAnyValue:StringEquals", "aws:Missing", []string{"cost"}, false},
		{"ForAllValues:StringEquals", "aws:TagKeys", []string{"env", "team", "cost"}, true},
		{"ForAllValues:StringEquals", "aws:TagKeys", []string{"env"}, false},
		{"ForAllValues:StringEquals", "aws:Missing", []string{"env"}, true},
		{"ForAllValues:StringNotEquals", "aws:TagKeys", []string{"cost"}, true},
		{"ForAnyValue:StringNotEquals", "aws:TagKeys", []string{"env"}, true},
		{"ForAllValues:StringLike", "aws:TagKeys", []string{"e*", "t*"}, true},
	}
	for _, tc := range cases {
		c := Condition{Operator: tc.op, Key: tc.key, Values: tc.values}
		if got := c.holds(ctx, true); got != tc.want {
			t.Errorf("%s %s %q = %v, want %v", tc.op, tc.key, tc.values, got, tc.want)
		}
	}
}

func TestParseOperator(t *testing.T) {
	for _, name := range []string{"StringEquals", "ForAllValues:StringNotLikeIfExists", "ArnNotLike", "Null", "NumericGreaterThanEqualsIfExists", "BinaryEquals"} {
		if _, err := parseOperator(name); err != nil {
			t.Errorf("parseOperator(%q): %v", name, err)
		}
	}
	for _, name := range []string{"StringEqual", "ForSomeValues:StringEquals", "NullIfExists", "", "IfExists"} {
		if _, err := parseOperator(name); err == nil {
			t.Errorf("parseOperator(%q) accepted", name)
		}
	}
}

func TestFactsContext(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ctx := Facts{Principal: session, UserID: "AROA1:fn", Tags: map[string]string{"Team": "core"}, SourceIP: "127.0.0.1", Region: "us-east-1", Time: now}.Context()
	want := map[string]string{
		"aws:principalarn": session.Role, "aws:principaltype": "AssumedRole", "aws:principalaccount": acct, "aws:userid": "AROA1:fn",
		"aws:principaltag/team": "core", "aws:sourceip": "127.0.0.1", "aws:requestedregion": "us-east-1",
		"aws:currenttime": "2026-01-02T03:04:05Z", "aws:epochtime": "1767323045", "aws:securetransport": "false",
	}
	for k, v := range want {
		if got := ctx[k]; len(got) != 1 || got[0] != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if len(ctx) != len(want) {
		t.Errorf("context %v has keys beyond %v", ctx, want)
	}
}
