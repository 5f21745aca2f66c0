package control

import (
	"errors"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

func TestSnapStartValidation(t *testing.T) {
	for _, tc := range []struct {
		name, runtime, applyOn string
		kind                   error
		message                string
	}{
		{"Python", "python3.12", "PublishedVersions", nil, ""},
		{"None", "nodejs22.x", "None", nil, ""},
		{"Node", "nodejs22.x", "PublishedVersions", aws.ErrInvalid, "nodejs22.x is not supported for SnapStart enabled functions."},
		{"OldPython", "python3.11", "PublishedVersions", aws.ErrInvalid, "python3.11 is not supported"},
		{"Enum", "python3.12", "Always", aws.ErrValidation, "Value 'Always' at 'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: [PublishedVersions, None]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := lambda.FunctionConfiguration{Runtime: tc.runtime}
			applySnapStart(&c, &SnapStartInput{ApplyOn: tc.applyOn})
			var v aws.Violations
			snapStartViolations(&v, &c)
			err := errors.Join(v.Err(), validateSnapStart(&c))
			if tc.kind == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.message) {
				t.Fatalf("err = %v, want %v with %q", err, tc.kind, tc.message)
			}
		})
	}
}

func TestSnapStartStatus(t *testing.T) {
	rec := &record{Latest: lambda.FunctionConfiguration{FunctionName: "f", Runtime: "python3.13"}}
	applySnapStart(&rec.Latest, &SnapStartInput{ApplyOn: "PublishedVersions"})
	if got := rec.Latest.SnapStart; got.OptimizationStatus != "Off" {
		t.Fatalf("$LATEST SnapStart = %+v, want Off", got)
	}
	v, _ := nextVersion(rec, nil)
	if got := v.Config.SnapStart; got.ApplyOn != "PublishedVersions" || got.OptimizationStatus != "On" {
		t.Fatalf("version SnapStart = %+v, want PublishedVersions/On", got)
	}
	if !v.Config.SnapStartOptimized() || rec.Latest.SnapStartOptimized() {
		t.Fatal("SnapStartOptimized: want the version only")
	}
}
