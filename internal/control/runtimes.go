package control

import (
	"slices"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// knownRuntimes is the Lambda model's runtime enum, in the order AWS lists
// valid values.
var knownRuntimes = []string{
	"nodejs20.x", "python3.14", "provided.al2023", "python3.12", "python3.13", "nodejs24.x", "nodejs22.x",
	"java25", "python3.10", "python3.11", "java21", "ruby3.3", "ruby3.4", "ruby3.2", "python3.8", "python3.9",
	"java17", "nodejs16.x", "dotnet10", "dotnet8", "java11", "dotnet6", "nodejs18.x", "provided.al2", "java8.al2",
	"provided", "ruby4.0",
}

// retiredRuntimes can no longer be used to create or update functions.
// python3.9, nodejs18.x and provided stay usable: Virga still runs them.
var retiredRuntimes = map[string]bool{
	"nodejs": true, "nodejs4.3": true, "nodejs6.10": true, "nodejs8.10": true, "nodejs10.x": true,
	"nodejs12.x": true, "nodejs14.x": true, "nodejs16.x": true, "nodejs4.3-edge": true,
	"python2.7": true, "python3.6": true, "python3.7": true, "python3.8": true,
	"java8": true, "go1.x": true, "ruby2.5": true, "ruby2.7": true,
	"dotnetcore1.0": true, "dotnetcore2.0": true, "dotnetcore2.1": true, "dotnetcore3.1": true, "dotnet6": true,
}

func validateRuntime(rt string) error {
	if retiredRuntimes[rt] {
		return aws.Errorf(aws.ErrInvalid,
			"The runtime parameter of %s is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or upgrading functions.", rt)
	}
	for _, k := range knownRuntimes {
		if k == rt {
			return nil
		}
	}
	return aws.Errorf(aws.ErrInvalid,
		"Value %s at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [%s] or be a valid ARN",
		rt, strings.Join(knownRuntimes, ", "))
}

// knownRuntime reports whether rt is in the model's runtime enum, retired
// or not: layers may name any of them.
func knownRuntime(rt string) bool {
	return retiredRuntimes[rt] || slices.Contains(knownRuntimes, rt)
}
