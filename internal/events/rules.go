package events

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/schedule"
	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/timers"
)

type putRuleInput struct {
	Name               string
	ScheduleExpression string
	EventPattern       string
	State              string
	Description        string
	RoleArn            string
	EventBusName       string
	Tags               []aws.Tag
}

func (in *putRuleInput) check(v *aws.Violations) {
	checkRuleName(v, in.Name, "name")
	v.Length(in.ScheduleExpression, len(in.ScheduleExpression), "scheduleExpression", 0, 256)
	v.Length(in.EventPattern, len(in.EventPattern), "eventPattern", 0, 4096)
	switch in.State {
	case "", stateEnabled, stateDisabled, stateCloudTrail:
	default:
		v.Add(in.State, "state", "Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]")
	}
	v.Length(in.Description, len(in.Description), "description", 0, 512)
	v.Text(in.RoleArn, "roleArn", false, 1, 1600, nil, "")
	checkBusRef(v, in.EventBusName, "eventBusName")
	checkTags(v, in.Tags)
}

// checkRule checks what a rule selects: a pattern, a schedule or both.
func (s *Server) checkRule(in putRuleInput, bus string) error {
	if in.EventPattern == "" && in.ScheduleExpression == "" {
		return aws.Errorf(aws.ErrValidation, "Parameter(s) EventPattern or ScheduleExpression must be specified.")
	}
	if in.ScheduleExpression != "" {
		if bus != defaultBus {
			return aws.Errorf(aws.ErrValidation, "ScheduleExpression is supported only on the default event bus.")
		}
		if _, err := schedule.Parse(in.ScheduleExpression, schedule.Rules); err != nil {
			return aws.Errorf(aws.ErrValidation, "Parameter ScheduleExpression is not valid.")
		}
	}
	if in.EventPattern != "" {
		if _, err := s.patterns.compile(in.EventPattern); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) putRule(c *awsproto.Call) error {
	in, err := decode[putRuleInput](c)
	if err != nil {
		return err
	}
	bus := busName(in.EventBusName)
	if err := s.checkRule(in, bus); err != nil {
		return err
	}
	ctx := c.R.Context()
	if _, err := s.bus(ctx, bus); err != nil {
		return err
	}
	var before Rule
	r, err := store.Modify(ctx, s.rules, ruleKey(bus, in.Name), func(r *Rule, exists bool) error {
		before = *r
		if !exists {
			*r = Rule{Name: in.Name, Bus: bus, Tags: in.Tags, Generation: lambda.NewUUID()}
		}
		r.EventPattern, r.ScheduleExpression, r.Description, r.RoleArn = in.EventPattern, in.ScheduleExpression, in.Description, in.RoleArn
		r.State = in.State
		if r.State == "" {
			r.State = stateEnabled
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.syncTimer(ctx, before, r); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{ RuleArn string }{s.ruleARN(bus, r.Name)})
}

// syncTimer keeps a rule's timer in step with it: a scheduled rule that is
// enabled has one, started afresh when its schedule or state changed.
func (s *Server) syncTimer(ctx context.Context, before, after Rule) error {
	arn := s.ruleARN(after.Bus, after.Name)
	if after.ScheduleExpression == "" || !after.enabled() {
		return s.timers.Remove(ctx, ProducerName, arn)
	}
	if before.Generation == after.Generation && before.ScheduleExpression == after.ScheduleExpression && before.enabled() {
		return nil
	}
	now := time.Now().UTC()
	_, err := s.timers.Put(ctx, timers.Timer{Owner: ProducerName, ID: arn, Generation: after.Generation,
		Spec: schedule.Spec{Expression: after.ScheduleExpression, Anchor: now}}, now)
	return err
}

// ruleNameInput is a rule named by Name and its bus.
type ruleNameInput struct {
	Name         string
	EventBusName string
	Force        bool
}

func (in *ruleNameInput) check(v *aws.Violations) {
	checkRuleName(v, in.Name, "name")
	checkBusRef(v, in.EventBusName, "eventBusName")
}

// namedRule decodes a request that names one rule of a bus.
func namedRule(c *awsproto.Call) (bus, name string, err error) {
	in, err := decode[ruleNameInput](c)
	return busName(in.EventBusName), in.Name, err
}

// ruleOutput is a rule as DescribeRule and ListRules show it.
type ruleOutput struct {
	Name               string
	Arn                string
	EventPattern       string `json:",omitempty"`
	ScheduleExpression string `json:",omitempty"`
	State              string
	Description        string `json:",omitempty"`
	RoleArn            string `json:",omitempty"`
	EventBusName       string
	CreatedBy          string `json:",omitempty"`
}

func (s *Server) ruleOutput(r Rule) ruleOutput {
	return ruleOutput{Name: r.Name, Arn: s.ruleARN(r.Bus, r.Name), EventPattern: r.EventPattern,
		ScheduleExpression: r.ScheduleExpression, State: r.State, Description: r.Description, RoleArn: r.RoleArn,
		EventBusName: r.Bus}
}

func (s *Server) describeRule(c *awsproto.Call) error {
	bus, name, err := namedRule(c)
	if err != nil {
		return err
	}
	r, err := s.rule(c.R.Context(), bus, name)
	if err != nil {
		return err
	}
	out := s.ruleOutput(r)
	out.CreatedBy = s.cfg.Account
	return c.Reply(http.StatusOK, out)
}

func (s *Server) enableRule(c *awsproto.Call) error  { return s.setState(c, stateEnabled) }
func (s *Server) disableRule(c *awsproto.Call) error { return s.setState(c, stateDisabled) }

func (s *Server) setState(c *awsproto.Call, state string) error {
	bus, name, err := namedRule(c)
	if err != nil {
		return err
	}
	ctx := c.R.Context()
	var before Rule
	r, err := s.modifyRule(ctx, bus, name, func(r *Rule) error {
		before = *r
		if r.State == state {
			return store.Keep
		}
		r.State = state
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.syncTimer(ctx, before, r); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

func (s *Server) deleteRule(c *awsproto.Call) error {
	bus, name, err := namedRule(c)
	if err != nil {
		return err
	}
	ctx := c.R.Context()
	r, err := s.rule(ctx, bus, name)
	if errors.Is(err, aws.ErrNotFound) {
		return c.Reply(http.StatusOK, struct{}{})
	}
	if err != nil {
		return err
	}
	if len(r.Targets) > 0 {
		return aws.Errorf(aws.ErrValidation, "Rule can't be deleted since it has targets.")
	}
	if err := s.dropRule(ctx, r); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

// dropRule removes a rule and its timer.
func (s *Server) dropRule(ctx context.Context, r Rule) error {
	if err := s.timers.Remove(ctx, ProducerName, s.ruleARN(r.Bus, r.Name)); err != nil {
		return err
	}
	return s.rules.Delete(ctx, ruleKey(r.Bus, r.Name), 0)
}

type listRulesInput struct {
	NamePrefix   string
	EventBusName string
	page
}

func (in *listRulesInput) check(v *aws.Violations) {
	v.Text(in.NamePrefix, "namePrefix", false, 1, 64, ruleNameRE, ruleNamePattern)
	checkBusRef(v, in.EventBusName, "eventBusName")
	in.page.check(v)
}

func (s *Server) listRules(c *awsproto.Call) error {
	in, err := decode[listRulesInput](c)
	if err != nil {
		return err
	}
	rules, err := s.rulesOf(c.R.Context(), busName(in.EventBusName))
	if err != nil {
		return err
	}
	var items []ruleOutput
	for _, r := range rules {
		if strings.HasPrefix(r.Name, in.NamePrefix) {
			items = append(items, s.ruleOutput(r))
		}
	}
	out, next, err := listed(items, func(r ruleOutput) string { return r.Name }, in.page, true)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct {
		Rules     []ruleOutput
		NextToken string `json:",omitempty"`
	}{out, next})
}
