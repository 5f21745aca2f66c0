package control

import (
	"slices"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// snapStartRuntimes are the runtimes AWS accepts SnapStart for. Of these,
// Virga runs the Python ones; a published version of such a function starts
// from a pre-started runtime kept ready for it (see the pool).
var snapStartRuntimes = []string{
	"java11", "java17", "java21", "java25", "python3.12", "python3.13", "python3.14", "dotnet8", "dotnet10",
}

// applySnapStart takes a create's or update's SnapStart member. $LATEST is
// never optimized; publishing a version sets its status.
func applySnapStart(c *lambda.FunctionConfiguration, in *SnapStartInput) {
	if in == nil {
		return
	}
	c.SnapStart.ApplyOn = in.ApplyOn
	if c.SnapStart.ApplyOn == "" {
		c.SnapStart.ApplyOn = lambda.SnapStartNone
	}
	c.SnapStart.OptimizationStatus = lambda.SnapStartOff
}

// snapStartStatus is the OptimizationStatus of a version published with
// applyOn.
func snapStartStatus(applyOn string) string {
	if applyOn == lambda.SnapStartPublishedVersions {
		return lambda.SnapStartOn
	}
	return lambda.SnapStartOff
}

func snapStartViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	switch c.SnapStart.ApplyOn {
	case lambda.SnapStartPublishedVersions, lambda.SnapStartNone:
	default:
		v.Add(c.SnapStart.ApplyOn, "snapStart.applyOn", "Member must satisfy enum value set: [PublishedVersions, None]")
	}
}

// validateSnapStart refuses SnapStart for a runtime AWS does not offer it for.
func validateSnapStart(c *lambda.FunctionConfiguration) error {
	if c.SnapStart.ApplyOn != lambda.SnapStartPublishedVersions || slices.Contains(snapStartRuntimes, c.Runtime) {
		return nil
	}
	return aws.Errorf(aws.ErrInvalid, "%s is not supported for SnapStart enabled functions.", c.Runtime)
}
