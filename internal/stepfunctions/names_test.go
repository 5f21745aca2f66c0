package stepfunctions

import (
	"errors"
	"testing"

	"github.com/virga-dev/virga/internal/workflow"
)

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{"ok-name_1.2": true, "": false, "with space": false, "a:b": false, "a$b": false,
		"brace{": false, "émoji-ok": true, string(make([]byte, 81)): false} {
		if got := validName(name); got != want {
			t.Errorf("validName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestARNs(t *testing.T) {
	if _, name, err := machineOf("arn:aws:states:us-east-1:123456789012:stateMachine:m"); err != nil || name != "m" {
		t.Errorf("machine: %s %v", name, err)
	}
	if _, _, err := machineOf("arn:aws:states:us-east-1:123456789012:execution:m:e"); !errors.Is(err, errInvalidArn) {
		t.Errorf("an execution ARN as a machine's: %v", err)
	}
	if _, m, e, err := executionOf("arn:aws:states:us-east-1:123456789012:execution:m:e"); err != nil || m != "m" || e != "e" {
		t.Errorf("execution: %s %s %v", m, e, err)
	}
}

func TestTaskTokens(t *testing.T) {
	tok := taskToken("exec-id", "s2/a1")
	if err := checkToken(tok); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "%%%", "bm90aGluZw"} {
		if err := checkToken(bad); !errors.Is(err, errInvalidToken) {
			t.Errorf("checkToken(%q) = %v", bad, err)
		}
	}
}

func TestParseResource(t *testing.T) {
	for arn, want := range map[string]workflow.Resource{
		"arn:aws:lambda:us-east-1:1:function:f":           {Service: "lambda", Function: true},
		"arn:aws:states:::lambda:invoke":                  {Service: "lambda", Action: "invoke"},
		"arn:aws:states:::lambda:invoke.waitForTaskToken": {Service: "lambda", Action: "invoke", Pattern: "waitForTaskToken"},
		"arn:aws:states:::states:startExecution.sync:2":   {Service: "states", Action: "startExecution", Pattern: "sync:2"},
		"arn:aws:states:::states:startExecution.sync":     {Service: "states", Action: "startExecution", Pattern: "sync"},
	} {
		got := workflow.ParseResource(arn)
		want.ARN = arn
		if got != want {
			t.Errorf("%s: %+v, want %+v", arn, got, want)
		}
	}
}
