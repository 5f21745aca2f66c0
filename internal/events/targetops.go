package events

import (
	"net/http"
	"slices"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

type putTargetsInput struct {
	Rule         string
	EventBusName string
	Targets      []Target
}

// resultEntry is a target PutTargets or RemoveTargets could not handle.
type resultEntry struct {
	TargetId     string
	ErrorCode    string
	ErrorMessage string
}

type targetsResult struct {
	FailedEntryCount int
	FailedEntries    []resultEntry
}

func (s *Server) putTargets(c *awsproto.Call) error {
	var in putTargetsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var v aws.Violations
	checkRuleName(&v, in.Rule, "rule")
	checkBusRef(&v, in.EventBusName, "eventBusName")
	if in.Targets == nil {
		v.Null("targets")
	} else {
		v.Length(len(in.Targets), len(in.Targets), "targets", 1, maxTargetsPerCall)
	}
	checkTargetMembers(&v, in.Targets)
	if err := v.Err(); err != nil {
		return err
	}
	for _, t := range in.Targets {
		if err := checkTarget(t, s.cfg.Kinds); err != nil {
			return err
		}
	}
	bus := busName(in.EventBusName)
	_, err := s.modifyRule(c.R.Context(), bus, in.Rule, func(r *Rule) error {
		for _, t := range in.Targets {
			if i := slices.IndexFunc(r.Targets, func(o Target) bool { return o.Id == t.Id }); i >= 0 {
				r.Targets[i] = t
			} else {
				r.Targets = append(r.Targets, t)
			}
		}
		if len(r.Targets) > maxTargetsPerRule {
			return aws.Errorf(aws.ErrLimitExceeded, "The requested resource exceeds the maximum number allowed.")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, targetsResult{FailedEntries: []resultEntry{}})
}

type removeTargetsInput struct {
	Rule         string
	EventBusName string
	Ids          []string
	Force        bool
}

func (s *Server) removeTargets(c *awsproto.Call) error {
	var in removeTargetsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var v aws.Violations
	checkRuleName(&v, in.Rule, "rule")
	checkBusRef(&v, in.EventBusName, "eventBusName")
	if in.Ids == nil {
		v.Null("ids")
	} else {
		v.Length(len(in.Ids), len(in.Ids), "ids", 1, maxTargetsPerCall)
	}
	if err := v.Err(); err != nil {
		return err
	}
	_, err := s.modifyRule(c.R.Context(), busName(in.EventBusName), in.Rule, func(r *Rule) error {
		r.Targets = slices.DeleteFunc(r.Targets, func(t Target) bool { return slices.Contains(in.Ids, t.Id) })
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, targetsResult{FailedEntries: []resultEntry{}})
}

type listTargetsInput struct {
	Rule         string
	EventBusName string
	NextToken    string
	Limit        *int
}

func (s *Server) listTargetsByRule(c *awsproto.Call) error {
	var in listTargetsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var v aws.Violations
	checkRuleName(&v, in.Rule, "rule")
	checkBusRef(&v, in.EventBusName, "eventBusName")
	if err := v.Err(); err != nil {
		return err
	}
	limit, marker, err := pageArgs(in.Limit, in.NextToken)
	if err != nil {
		return err
	}
	r, err := s.rule(c.R.Context(), busName(in.EventBusName), in.Rule)
	if err != nil {
		return err
	}
	page, next := aws.Page(r.Targets, func(t Target) string { return t.Id }, marker, limit)
	return c.Reply(http.StatusOK, struct {
		Targets   []Target
		NextToken string `json:",omitempty"`
	}{nonNil(page), aws.Token(next)})
}

type listRuleNamesInput struct {
	TargetArn    string
	EventBusName string
	NextToken    string
	Limit        *int
}

func (s *Server) listRuleNamesByTarget(c *awsproto.Call) error {
	var in listRuleNamesInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var v aws.Violations
	v.Text(in.TargetArn, "targetArn", true, 1, 1600, nil, "")
	checkBusRef(&v, in.EventBusName, "eventBusName")
	if err := v.Err(); err != nil {
		return err
	}
	limit, marker, err := pageArgs(in.Limit, in.NextToken)
	if err != nil {
		return err
	}
	bus := busName(in.EventBusName)
	ctx := c.R.Context()
	if _, err := s.bus(ctx, bus); err != nil {
		return err
	}
	rules, err := s.busRules(ctx, bus)
	if err != nil {
		return err
	}
	var names []string
	for _, r := range rules {
		if slices.ContainsFunc(r.Targets, func(t Target) bool { return t.Arn == in.TargetArn }) {
			names = append(names, r.Name)
		}
	}
	page, next := aws.PageFrom(names, func(n string) string { return n }, marker, limit)
	return c.Reply(http.StatusOK, struct {
		RuleNames []string
		NextToken string `json:",omitempty"`
	}{nonNil(page), aws.Token(next)})
}
