package events

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/targets"
)

// checkTargetMembers records each target's members that break the model's
// constraints.
func checkTargetMembers(v *aws.Violations, list []Target) {
	for i, t := range list {
		at := fmt.Sprintf("targets.%d.member", i+1)
		v.Text(t.Id, at+".id", true, 1, 64, targetIDRE, targetIDPattern)
		v.Text(t.Arn, at+".arn", true, 1, 1600, nil, "")
		v.Text(t.RoleArn, at+".roleArn", false, 1, 1600, nil, "")
		if t.Input != nil {
			v.Length(*t.Input, len(*t.Input), at+".input", 0, 8192)
		}
		if t.InputPath != nil {
			v.Length(*t.InputPath, len(*t.InputPath), at+".inputPath", 0, 256)
		}
		if tr := t.InputTransformer; tr != nil {
			checkTransformerMembers(v, tr, at+".inputTransformer")
		}
		if rp := t.RetryPolicy; rp != nil && rp.MaximumRetryAttempts != nil {
			v.Range(*rp.MaximumRetryAttempts, at+".retryPolicy.maximumRetryAttempts", 0, targets.MaxRetryAttempts)
		}
		if rp := t.RetryPolicy; rp != nil && rp.MaximumEventAgeInSeconds != nil {
			v.Range(*rp.MaximumEventAgeInSeconds, at+".retryPolicy.maximumEventAgeInSeconds", targets.MinMaxEventAge, targets.MaxMaxEventAge)
		}
		if d := t.DeadLetterConfig; d != nil && d.Arn != "" {
			v.Length(d.Arn, len(d.Arn), at+".deadLetterConfig.arn", 1, 1600)
		}
		if q := t.SqsParameters; q != nil {
			v.Length(q.MessageGroupId, len(q.MessageGroupId), at+".sqsParameters.messageGroupId", 0, 100)
		}
	}
}

func checkTransformerMembers(v *aws.Violations, tr *InputTransformer, at string) {
	if tr.InputTemplate == nil {
		v.Null(at + ".inputTemplate")
	} else {
		v.Length(*tr.InputTemplate, len(*tr.InputTemplate), at+".inputTemplate", 1, 8192)
	}
	if len(tr.InputPathsMap) > maxInputTransformer {
		v.Add(tr.InputPathsMap, at+".inputPathsMap", fmt.Sprintf("Member must have length less than or equal to %d", maxInputTransformer))
	}
	for key, path := range tr.InputPathsMap {
		v.Text(key, at+".inputPathsMap", true, 1, 256, pathsMapKeyRE, pathsMapKeyPattern)
		v.Length(path, len(path), at+".inputPathsMap", 0, 256)
	}
}

// checkTarget checks what a target asks: one way of making its input, a
// target Virga can deliver to, and a dead-letter queue that is a queue.
func checkTarget(t Target, kinds targets.Kinds) error {
	n := 0
	for _, set := range []bool{t.Input != nil, t.InputPath != nil, t.InputTransformer != nil} {
		if set {
			n++
		}
	}
	switch {
	case n > 1:
		return aws.Errorf(aws.ErrValidation, "Only one of Input, InputPath, or InputTransformer must be provided for target %s.", t.Id)
	case t.Input != nil && !json.Valid([]byte(*t.Input)):
		return aws.Errorf(aws.ErrValidation, "Input for target %s is not valid JSON text.", t.Id)
	case t.InputPath != nil && !validPath(*t.InputPath):
		return aws.Errorf(aws.ErrValidation, "InputPath for target %s is not a valid JSON path.", t.Id)
	}
	if _, err := kinds.Check(t.Arn); err != nil {
		return err
	}
	if d := t.DeadLetterConfig; d != nil && d.Arn != "" {
		if kind, _ := targets.Kind(d.Arn); kind != targets.KindQueue {
			return aws.Errorf(aws.ErrValidation, "The DeadLetterConfig ARN %s of target %s is not an SQS queue ARN.", d.Arn, t.Id)
		}
	}
	if tr := t.InputTransformer; tr != nil {
		return checkTransformer(t.Id, tr)
	}
	return nil
}

func validPath(s string) bool {
	_, ok := parsePath(s)
	return ok
}

// checkTransformer checks that every path is one EventBridge reads and
// that the template uses only defined variables.
func checkTransformer(id string, tr *InputTransformer) error {
	for name, path := range tr.InputPathsMap {
		if !validPath(path) {
			return aws.Errorf(aws.ErrValidation, "InputPathsMap for target %s has an invalid JSON path for %s: %s.", id, name, path)
		}
	}
	for _, name := range placeholders(*tr.InputTemplate) {
		if _, ok := tr.InputPathsMap[name]; !ok && !slices.Contains(predefined, name) {
			return aws.Errorf(aws.ErrValidation, "InputTemplate for target %s contains invalid placeholder %s.", id, name)
		}
	}
	return nil
}
