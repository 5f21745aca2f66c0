package stepfunctions

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/store"
)

// Machine is a stored state machine.
type Machine struct {
	Name       string
	ARN        string
	Definition string
	RoleARN    string
	Type       string
	Created    time.Time
	Updated    time.Time
	Revision   string
	Logging    any
	Tracing    any
	Tags       []tag
}

type machineInput struct {
	Name                 string
	Definition           string
	RoleArn              string
	Type                 string
	LoggingConfiguration any
	TracingConfiguration any
	Tags                 []tag
}

func (s *Server) createStateMachine(c *awsproto.Call) error {
	var in machineInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if in.Type == "" {
		in.Type = "STANDARD"
	}
	if err := s.checkMachine(in); err != nil {
		return err
	}
	m := Machine{Name: in.Name, ARN: s.machineARN(c.Account(), in.Name), Definition: in.Definition, RoleARN: in.RoleArn,
		Type: in.Type, Created: time.Now(), Logging: in.LoggingConfiguration, Tracing: in.TracingConfiguration, Tags: in.Tags}
	stored, err := store.Modify(c.R.Context(), s.b.Machines, machineKey(c.Account(), in.Name), func(old *Machine, exists bool) error {
		if exists {
			if old.Definition == m.Definition && old.RoleARN == m.RoleARN && old.Type == m.Type {
				m = *old // the same request again: the same machine
				return nil
			}
			return aws.Errorf(errMachineExists, "State Machine Already Exists: '%s'", old.ARN)
		}
		*old = m
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(200, map[string]any{"stateMachineArn": stored.ARN, "creationDate": epoch(stored.Created)})
}

// checkMachine validates a new machine's name, type, role and definition.
func (s *Server) checkMachine(in machineInput) error {
	if err := checkName(in.Name); err != nil {
		return err
	}
	if in.Type != "STANDARD" && in.Type != "EXPRESS" {
		return aws.Errorf(aws.ErrValidation, "1 validation error detected: Value '%s' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]", in.Type)
	}
	if err := checkRole(in.RoleArn); err != nil {
		return err
	}
	if len(in.Tags) > 50 {
		return aws.Errorf(errTooManyTags, "Too many tags")
	}
	_, err := parseDefinition(in.Definition, in.Type)
	return err
}

func checkRole(role string) error {
	if _, parts, ok := iamARN(role); !ok || len(parts) == 0 {
		return aws.Errorf(errInvalidArn, "Invalid Arn: 'Resource type not valid in this context: %s'", role)
	}
	return nil
}

// iamARN reads an IAM role ARN.
func iamARN(arn string) (string, []string, bool) {
	a, ok := aws.ParseARN(arn)
	if !ok || a.Service != "iam" {
		return "", nil, false
	}
	return a.Account, []string{a.Resource}, a.Resource != ""
}

// machine reads a state machine by ARN.
func (s *Server) machine(ctx context.Context, arn string) (Machine, error) {
	account, name, err := machineOf(arn)
	if err != nil {
		return Machine{}, err
	}
	return read[Machine](ctx, s.b.Machines, machineKey(account, name), aws.Errorf(errMachineMissing, "State Machine Does Not Exist: '%s'", arn))
}

func (s *Server) describeStateMachine(c *awsproto.Call) error {
	return answer(c, s.machine, describeMachine)
}

func describeMachine(m Machine) map[string]any {
	out := map[string]any{
		"stateMachineArn": m.ARN, "name": m.Name, "status": "ACTIVE", "definition": m.Definition, "roleArn": m.RoleARN,
		"type": m.Type, "creationDate": epoch(m.Created),
		"loggingConfiguration": orDefault(m.Logging, map[string]any{"level": "OFF", "includeExecutionData": false}),
		"tracingConfiguration": orDefault(m.Tracing, map[string]any{"enabled": false}),
	}
	if m.Revision != "" {
		out["revisionId"] = m.Revision
	}
	return out
}

func orDefault(v, def any) any {
	if v == nil {
		return def
	}
	return v
}

func (s *Server) updateStateMachine(c *awsproto.Call) error {
	var in struct {
		StateMachineArn, Definition, RoleArn       string
		LoggingConfiguration, TracingConfiguration any
	}
	if err := c.Decode(&in); err != nil {
		return err
	}
	account, name, err := machineOf(in.StateMachineArn)
	if err != nil {
		return err
	}
	if in.RoleArn != "" {
		if err := checkRole(in.RoleArn); err != nil {
			return err
		}
	}
	m, err := store.Modify(c.R.Context(), s.b.Machines, machineKey(account, name), func(m *Machine, exists bool) error {
		if !exists {
			return aws.Errorf(errMachineMissing, "State Machine Does Not Exist: '%s'", in.StateMachineArn)
		}
		if in.Definition != "" {
			if _, err := parseDefinition(in.Definition, m.Type); err != nil {
				return err
			}
			m.Definition = in.Definition
		}
		m.RoleARN = or(in.RoleArn, m.RoleARN)
		m.Logging = orDefault(in.LoggingConfiguration, m.Logging)
		m.Tracing = orDefault(in.TracingConfiguration, m.Tracing)
		m.Updated, m.Revision = time.Now(), newRevision()
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(200, map[string]any{"updateDate": epoch(m.Updated), "revisionId": m.Revision})
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (s *Server) deleteStateMachine(c *awsproto.Call) error {
	var in struct{ StateMachineArn string }
	if err := c.Decode(&in); err != nil {
		return err
	}
	account, name, err := machineOf(in.StateMachineArn)
	if err != nil {
		return err
	}
	e, err := s.b.Machines.Get(c.R.Context(), machineKey(account, name))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return c.Reply(200, map[string]any{})
	case err != nil:
		return err
	}
	if err := s.b.Machines.Delete(c.R.Context(), machineKey(account, name), e.Revision); err != nil {
		return err
	}
	return c.Reply(200, map[string]any{})
}

func (s *Server) listStateMachines(c *awsproto.Call) error {
	var in listInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	ms, err := store.List[Machine](c.R.Context(), s.b.Machines, c.Account()+".")
	if err != nil {
		return err
	}
	slices.SortFunc(ms, func(a, b Machine) int { return a.Created.Compare(b.Created) })
	return listPage(c, in, "stateMachines", ms, func(m Machine) string { return m.Name }, func(m Machine) map[string]any {
		return map[string]any{"stateMachineArn": m.ARN, "name": m.Name, "type": m.Type, "creationDate": epoch(m.Created)}
	})
}

// listPage answers a page of items, each as render makes it, under member.
func listPage[T any](c *awsproto.Call, in listInput, member string, items []T, key func(T) string, render func(T) map[string]any) error {
	page, next, err := aws.TokenPage(items, key, in.NextToken, limit(in.MaxResults), false)
	if err != nil {
		return err
	}
	out := make([]map[string]any, len(page))
	for i, it := range page {
		out[i] = render(it)
	}
	return reply(c, map[string]any{member: out}, next)
}

// limit is a page size: maxResults, else 100.
func limit(n int) int {
	if n <= 0 {
		return 100
	}
	return n
}

// reply answers a page, with its token unless it is the last.
func reply(c *awsproto.Call, out map[string]any, next string) error {
	if next != "" {
		out["nextToken"] = next
	}
	return c.Reply(200, out)
}
