package apigw

import (
	"regexp"
	"strings"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
)

// invocationsURI is API Gateway's own form of a Lambda target, the one
// authorizers and OpenAPI definitions use.
var invocationsURI = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/(.+)/invocations$`)

// stageVariableRef is a ${stageVariables.name} reference.
var stageVariableRef = regexp.MustCompile(`\$\{stageVariables\.([A-Za-z0-9_]+)\}`)

// lambdaFunction is the function a Lambda target names: a function ARN,
// qualified or not, or the invocations URI that wraps one. Stage variable
// references are replaced from vars first.
func lambdaFunction(uri string, vars map[string]string) (arn.Function, error) {
	uri = stageVariableRef.ReplaceAllStringFunc(uri, func(ref string) string {
		return vars[stageVariableRef.FindStringSubmatch(ref)[1]]
	})
	if m := invocationsURI.FindStringSubmatch(uri); m != nil {
		uri = m[1]
	}
	if !strings.HasPrefix(uri, "arn:") {
		return arn.Function{}, badLambdaURI(uri)
	}
	ref, err := arn.ParseFunction(uri, "integrationUri")
	if err != nil || ref.Region == "" || ref.Account == "" {
		return arn.Function{}, badLambdaURI(uri)
	}
	return ref, nil
}

// checkLambdaURI checks a Lambda target as it is stored, with its stage
// variable references standing for any name.
func checkLambdaURI(uri string) error {
	_, err := lambdaFunction(uri, placeholders(uri))
	return err
}

func placeholders(uri string) map[string]string {
	vars := map[string]string{}
	for _, m := range stageVariableRef.FindAllStringSubmatch(uri, -1) {
		vars[m[1]] = "x"
	}
	return vars
}

func badLambdaURI(uri string) error {
	return aws.Errorf(aws.ErrInvalid, "Invalid Lambda function ARN %s: an AWS_PROXY integration's URI must be a Lambda function ARN.", uri)
}
