package control

import (
	"slices"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
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

// validateLayerInput checks PublishLayerVersion's members against the
// model, reporting every violation at once in the order of the request's
// members, as AWS does.
func validateLayerInput(in PublishLayerVersionInput) error {
	var v aws.Violations
	v.Length(in.Description, len([]rune(in.Description)), "description", 0, 256)
	if in.Content == nil {
		v.Null("content")
	}
	if v.Length(listValue(in.CompatibleRuntimes), len(in.CompatibleRuntimes), "compatibleRuntimes", 0, 15) &&
		slices.ContainsFunc(in.CompatibleRuntimes, func(r string) bool { return !knownRuntime(r) }) {
		v.Add(listValue(in.CompatibleRuntimes), "compatibleRuntimes", runtimeEnumConstraint)
	}
	v.Length(in.LicenseInfo, len([]rune(in.LicenseInfo)), "licenseInfo", 0, 512)
	if v.Length(listValue(in.CompatibleArchitectures), len(in.CompatibleArchitectures), "compatibleArchitectures", 0, 2) &&
		slices.ContainsFunc(in.CompatibleArchitectures, func(a string) bool { return a != "x86_64" && a != "arm64" }) {
		v.Add(listValue(in.CompatibleArchitectures), "compatibleArchitectures",
			"Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]")
	}
	return v.Err()
}

var runtimeEnumConstraint = "Member must satisfy enum value set: [" + strings.Join(knownRuntimes, ", ") + "]"

func listValue(items []string) string { return "[" + strings.Join(items, ", ") + "]" }
