package control

import (
	"strings"

	"github.com/virga-dev/virga/internal/arn"
)

// PublishLayerVersionInput is PublishLayerVersion's request body.
type PublishLayerVersionInput struct {
	Content                 *LayerContentInput
	Description             string
	CompatibleRuntimes      []string
	LicenseInfo             string
	CompatibleArchitectures []string
}

// LayerContentInput is PublishLayerVersion's Content member.
type LayerContentInput struct {
	ZipFile         []byte
	S3Bucket        string
	S3Key           string
	S3ObjectVersion string
}

// validateLayerInput checks PublishLayerVersion's members against the model.
func validateLayerInput(in PublishLayerVersionInput) error {
	switch {
	case in.Content == nil:
		return arn.ConstraintError(nil, "content", "Member must not be null")
	case len([]rune(in.Description)) > 256:
		return arn.ConstraintError(in.Description, "description", "Member must have length less than or equal to 256")
	case len([]rune(in.LicenseInfo)) > 512:
		return arn.ConstraintError(in.LicenseInfo, "licenseInfo", "Member must have length less than or equal to 512")
	case len(in.CompatibleRuntimes) > 15:
		return arn.ConstraintError(listValue(in.CompatibleRuntimes), "compatibleRuntimes", "Member must have length less than or equal to 15")
	case len(in.CompatibleArchitectures) > 2:
		return arn.ConstraintError(listValue(in.CompatibleArchitectures), "compatibleArchitectures", "Member must have length less than or equal to 2")
	}
	for _, r := range in.CompatibleRuntimes {
		if !knownRuntime(r) {
			return arn.ConstraintError(listValue(in.CompatibleRuntimes), "compatibleRuntimes", runtimeEnumConstraint)
		}
	}
	for _, a := range in.CompatibleArchitectures {
		if a != "x86_64" && a != "arm64" {
			return arn.ConstraintError(listValue(in.CompatibleArchitectures), "compatibleArchitectures",
				"Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]")
		}
	}
	return nil
}

var runtimeEnumConstraint = "Member must satisfy enum value set: [" + strings.Join(knownRuntimes, ", ") + "]"

func listValue(items []string) string { return "[" + strings.Join(items, ", ") + "]" }
