package sam

import (
	"fmt"
	"strings"
)

// Managed policies SAM attaches to the role it makes.
const (
	basicExecution = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	sqsExecution   = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"
)

// addPolicies lists the managed policies of a made role: the basic
// execution role, the SQS one when a queue feeds the function, and the
// template's Policies given as ARNs or AWS managed policy names.
func (f *Function) addPolicies(v any) error {
	f.Policies = []string{basicExecution}
	if len(f.QueueSources) > 0 {
		f.Policies = append(f.Policies, sqsExecution)
	}
	list, ok := v.([]any)
	if s, single := v.(string); single {
		list, ok = []any{s}, true
	}
	if v != nil && !ok {
		return fmt.Errorf("Policies: only a list of managed policies is supported")
	}
	for _, p := range list {
		s, ok := p.(string)
		if !ok {
			return fmt.Errorf("Policies: %v: inline statements and policy templates are not supported yet", p)
		}
		if !strings.HasPrefix(s, "arn:") {
			s = "arn:aws:iam::aws:policy/" + serviceRoles[s] + s
		}
		f.Policies = append(f.Policies, s)
	}
	return nil
}

// serviceRoles are the AWS managed policies for Lambda whose ARNs have the
// path service-role/, as the translator's bundled list has them.
var serviceRoles = map[string]string{
	"AWSLambdaBasicExecutionRole": "service-role/", "AWSLambdaVPCAccessExecutionRole": "service-role/",
	"AWSLambdaRole": "service-role/", "AWSLambdaSQSQueueExecutionRole": "service-role/",
	"AWSLambdaDynamoDBExecutionRole": "service-role/", "AWSLambdaKinesisExecutionRole": "service-role/",
}
