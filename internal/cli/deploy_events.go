package cli

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/virga-dev/virga/internal/sam"
)

// rewire makes a changed function's triggers the template's: mappings are
// kept and updated by queue; rules, schedules, subscriptions and the URL
// are made anew.
func (d *deployer) rewire(ctx context.Context, fn sam.Function) error {
	if _, err := d.unwireRules(ctx, fn.Name); err != nil {
		return err
	}
	target := fn.Target()
	out, err := d.lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: &target})
	if err != nil {
		return err
	}
	if err := d.syncMappings(ctx, target, fn.QueueSources); err != nil {
		return err
	}
	if err := d.putTriggers(ctx, fn, *out.Configuration.FunctionArn); err != nil {
		return err
	}
	return d.putURL(ctx, fn)
}

// putTriggers makes the rules, schedules and subscriptions that invoke arn.
func (d *deployer) putTriggers(ctx context.Context, fn sam.Function, arn string) error {
	for _, s := range fn.Schedules {
		if err := d.putSchedule(ctx, fn.Target(), arn, s); err != nil {
			return err
		}
	}
	for _, s := range fn.SchedulesV2 {
		if err := d.putScheduleV2(ctx, arn, fn.Role, s); err != nil {
			return err
		}
	}
	for _, src := range fn.Topics {
		if err := d.subscribe(ctx, fn.Target(), arn, src); err != nil {
			return err
		}
	}
	return d.permitBuckets(ctx, fn)
}

// syncMappings updates the mappings of queues still named, creates the
// new ones and deletes the rest.
func (d *deployer) syncMappings(ctx context.Context, target string, sources []sam.QueueSource) error {
	have, err := d.lambda.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: &target})
	if err != nil {
		return err
	}
	byQueue := map[string]*string{}
	for _, m := range have.EventSourceMappings {
		byQueue[aws.ToString(m.EventSourceArn)] = m.UUID
	}
	for _, src := range sources {
		if err := d.putMapping(ctx, target, src, byQueue[src.QueueArn]); err != nil {
			return err
		}
		delete(byQueue, src.QueueArn)
	}
	for _, uuid := range byQueue {
		if err := d.deleteMapping(ctx, uuid); err != nil {
			return err
		}
	}
	return nil
}

func (d *deployer) putMapping(ctx context.Context, function string, src sam.QueueSource, uuid *string) error {
	var batch *int32
	if src.BatchSize > 0 {
		batch = aws.Int32(src.BatchSize)
	}
	if uuid != nil {
		_, err := d.lambda.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: uuid, BatchSize: batch})
		return err
	}
	_, err := d.lambda.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: &function,
		EventSourceArn: aws.String(src.QueueArn), BatchSize: batch})
	return err
}

// putSchedule makes the rule (a schedule or a pattern), its target and the permission it invokes by.
func (d *deployer) putSchedule(ctx context.Context, function, arn string, s sam.Schedule) error {
	state := ebtypes.RuleStateEnabled
	if !s.Enabled {
		state = ebtypes.RuleStateDisabled
	}
	in := &eventbridge.PutRuleInput{Name: &s.Rule, State: state, Tags: []ebtypes.Tag{{Key: aws.String(tagStack), Value: &d.stack}}}
	if s.Pattern != "" {
		in.EventPattern = &s.Pattern
	} else {
		in.ScheduleExpression = &s.Expression
	}
	rule, err := d.events.PutRule(ctx, in)
	if err != nil {
		return err
	}
	target := ebtypes.Target{Id: aws.String("function"), Arn: &arn}
	if s.Input != "" {
		target.Input = &s.Input
	}
	if s.InputPath != "" {
		target.InputPath = &s.InputPath
	}
	if _, err := d.events.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: &s.Rule, Targets: []ebtypes.Target{target}}); err != nil {
		return err
	}
	return d.permit(ctx, function, s.Rule, "events.amazonaws.com", *rule.RuleArn)
}

// permit lets a service invoke the function from sourceArn.
func (d *deployer) permit(ctx context.Context, function, sid, principal, sourceArn string) error {
	_, _ = d.lambda.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: &function, StatementId: &sid})
	_, err := d.lambda.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: &function, StatementId: &sid,
		Action: aws.String("lambda:InvokeFunction"), Principal: &principal, SourceArn: &sourceArn})
	return err
}

// unwire deletes the event source mappings and rules of a function and
// its aliases.
func (d *deployer) unwire(ctx context.Context, function string) error {
	targets, err := d.unwireRules(ctx, function)
	if err != nil {
		return err
	}
	for _, target := range targets {
		if err := d.syncMappings(ctx, target, nil); err != nil {
			return err
		}
	}
	return nil
}

// unwireRules deletes the rules and subscriptions that target a function
// or its aliases, and returns the names of both.
func (d *deployer) unwireRules(ctx context.Context, function string) ([]string, error) {
	aliases, err := d.lambda.ListAliases(ctx, &lambda.ListAliasesInput{FunctionName: &function})
	if err != nil {
		return nil, err
	}
	targets := []string{function}
	for _, a := range aliases.Aliases {
		targets = append(targets, function+":"+aws.ToString(a.Name))
	}
	for _, target := range targets {
		out, err := d.lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: &target})
		if err != nil {
			return nil, err
		}
		if err := d.deleteRules(ctx, *out.Configuration.FunctionArn); err != nil {
			return nil, err
		}
		if err := d.unsubscribe(ctx, *out.Configuration.FunctionArn); err != nil {
			return nil, err
		}
		if err := d.deleteSchedulesOf(ctx, *out.Configuration.FunctionArn); err != nil {
			return nil, err
		}
	}
	return targets, nil
}

func (d *deployer) deleteRules(ctx context.Context, arn string) error {
	rules, err := d.events.ListRuleNamesByTarget(ctx, &eventbridge.ListRuleNamesByTargetInput{TargetArn: &arn})
	if err != nil {
		return err
	}
	for _, name := range rules.RuleNames {
		_, err := d.events.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: &name, Ids: []string{"function"}})
		if err != nil {
			return err
		}
		if _, err := d.events.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: &name}); err != nil {
			return err
		}
	}
	return nil
}

// deleteMapping deletes a mapping once a change in progress has settled.
func (d *deployer) deleteMapping(ctx context.Context, uuid *string) error {
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		m, err := d.lambda.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: uuid})
		if err != nil {
			return err
		}
		state := aws.ToString(m.State)
		if state == "Enabled" || state == "Disabled" || time.Now().After(deadline) {
			break
		}
	}
	_, err := d.lambda.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: uuid})
	return err
}
