package aws

import "testing"

func TestViolations(t *testing.T) {
	var v Violations
	if v.Err() != nil {
		t.Fatal("no violation is an error")
	}
	v.Add("!@#", "targets.1.member.id", "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+")
	want := "1 validation error detected: Value '!@#' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"
	if got := v.Err().Error(); got != want {
		t.Errorf("got %q", got)
	}
	v.Null("rule")
	v.Range(200, "retryPolicy.maximumRetryAttempts", 0, 185)
	want = "3 validation errors detected: Value '!@#' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; " +
		"Value null at 'rule' failed to satisfy constraint: Member must not be null; " +
		"Value '200' at 'retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185"
	if got := v.Err().Error(); got != want {
		t.Errorf("got %q", got)
	}
}
