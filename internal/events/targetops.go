package events

import (
	"net/http"
	"slices"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

type putTargetsInput struct {
	ruleRef
	Targets []Target
}

func (in *putTargetsInput) check(v *aws.Violations) {
	in.ruleRef.check(v)
	if in.Targets == nil {
		v.Null("targets")
	} else {
		v.Length(len(in.Targets), len(in.Targets), "targets", 1, maxTargetsPerCall)
	}
	checkTargetMembers(v, in.Targets)
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
	in, err := decode[putTargetsInput](c)
	if err != nil {
		return err
	}
	for _, t := range in.Targets {
		if err := checkTarget(t, s.cfg.Kinds); err != nil {
			return err
		}
	}
	_, err = s.modifyRule(c.R.Context(), in.bus(), in.Rule, func(r *Rule) error {
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
	ruleRef
	Ids   []string
	Force bool
}

func (in *removeTargetsInput) check(v *aws.Violations) {
	in.ruleRef.check(v)
	if in.Ids == nil {
		v.Null("ids")
	} else {
		v.Length(len(in.Ids), len(in.Ids), "ids", 1, maxTargetsPerCall)
	}
}

func (s *Server) removeTargets(c *awsproto.Call) error {
	in, err := decode[removeTargetsInput](c)
	if err != nil {
		return err
	}
	_, err = s.modifyRule(c.R.Context(), in.bus(), in.Rule, func(r *Rule) error {
		r.Targets = slices.DeleteFunc(r.Targets, func(t Target) bool { return slices.Contains(in.Ids, t.Id) })
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, targetsResult{FailedEntries: []resultEntry{}})
}

type listTargetsInput struct {
	ruleRef
	page
}

func (in *listTargetsInput) check(v *aws.Violations) {
	in.ruleRef.check(v)
	in.page.check(v)
}

func (s *Server) listTargetsByRule(c *awsproto.Call) error {
	in, err := decode[listTargetsInput](c)
	if err != nil {
		return err
	}
	r, err := s.rule(c.R.Context(), in.bus(), in.Rule)
	if err != nil {
		return err
	}
	out, next, err := listed(r.Targets, func(t Target) string { return t.Id }, in.page, false)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct {
		Targets   []Target
		NextToken string `json:",omitempty"`
	}{out, next})
}

type listRuleNamesInput struct {
	TargetArn    string
	EventBusName string
	page
}

func (in *listRuleNamesInput) check(v *aws.Violations) {
	v.Text(in.TargetArn, "targetArn", true, 1, 1600, nil, "")
	checkBusRef(v, in.EventBusName, "eventBusName")
	in.page.check(v)
}

func (s *Server) listRuleNamesByTarget(c *awsproto.Call) error {
	in, err := decode[listRuleNamesInput](c)
	if err != nil {
		return err
	}
	rules, err := s.rulesOf(c.R.Context(), busName(in.EventBusName))
	if err != nil {
		return err
	}
	var names []string
	for _, r := range rules {
		if slices.ContainsFunc(r.Targets, func(t Target) bool { return t.Arn == in.TargetArn }) {
			names = append(names, r.Name)
		}
	}
	out, next, err := listed(names, func(n string) string { return n }, in.page, true)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct {
		RuleNames []string
		NextToken string `json:",omitempty"`
	}{out, next})
}
