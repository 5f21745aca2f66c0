package events

import (
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

type createEventBusInput struct {
	Name            string
	EventSourceName string
	Description     string
	Tags            []aws.Tag
}

func (in *createEventBusInput) check(v *aws.Violations) {
	v.Text(in.Name, "name", true, 1, 256, busNameRE, busNamePattern)
	v.Length(in.Description, len(in.Description), "description", 0, 512)
	checkTags(v, in.Tags)
}

func (s *Server) createEventBus(c *awsproto.Call) error {
	in, err := decode[createEventBusInput](c)
	if err != nil {
		return err
	}
	if in.EventSourceName != "" {
		return aws.Errorf(aws.ErrValidation, "Virga has no partner event sources.")
	}
	if in.Name == defaultBus || strings.HasPrefix(in.Name, "aws.") {
		return aws.Errorf(aws.ErrValidation, "Event bus name must not start with 'aws.' or be 'default'.")
	}
	b, err := s.createBus(c.R.Context(), Bus{Name: in.Name, Description: in.Description, Tags: in.Tags})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct {
		EventBusArn string
		Description string `json:",omitempty"`
	}{s.busARN(b.Name), b.Description})
}

// busOutput is a bus as DescribeEventBus and ListEventBuses show it.
type busOutput struct {
	Name             string
	Arn              string
	Description      string `json:",omitempty"`
	CreationTime     float64
	LastModifiedTime float64
}

func (s *Server) busOutput(b Bus) busOutput {
	return busOutput{Name: b.Name, Arn: s.busARN(b.Name), Description: b.Description,
		CreationTime: epoch(b.Created), LastModifiedTime: epoch(b.Modified)}
}

// busRef names a bus by name or ARN (empty: the default bus).
type busRef struct{ Name string }

func (in *busRef) check(v *aws.Violations) { checkBusRef(v, in.Name, "name") }

func (s *Server) describeEventBus(c *awsproto.Call) error {
	in, err := decode[busRef](c)
	if err != nil {
		return err
	}
	b, err := s.bus(c.R.Context(), busName(in.Name))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, s.busOutput(b))
}

// busName names a bus by name alone, as DeleteEventBus wants.
type busNameInput struct{ Name string }

func (in *busNameInput) check(v *aws.Violations) {
	v.Text(in.Name, "name", true, 1, 256, busNameRE, busNamePattern)
}

func (s *Server) deleteEventBus(c *awsproto.Call) error {
	in, err := decode[busNameInput](c)
	if err != nil {
		return err
	}
	if in.Name == defaultBus {
		return aws.Errorf(aws.ErrValidation, "Cannot delete event bus default.")
	}
	ctx := c.R.Context()
	rules, err := s.busRules(ctx, in.Name)
	if err != nil {
		return err
	}
	for _, r := range rules {
		if err := s.dropRule(ctx, r); err != nil {
			return err
		}
	}
	if err := s.buses.Delete(ctx, busKey(in.Name), 0); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

type listEventBusesInput struct {
	NamePrefix string
	page
}

func (s *Server) listEventBuses(c *awsproto.Call) error {
	in, err := decode[listEventBusesInput](c)
	if err != nil {
		return err
	}
	all, err := s.allBuses(c.R.Context())
	if err != nil {
		return err
	}
	var items []busOutput
	for _, b := range all {
		if strings.HasPrefix(b.Name, in.NamePrefix) {
			items = append(items, s.busOutput(b))
		}
	}
	out, next, err := listed(items, func(b busOutput) string { return b.Name }, in.page, true)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct {
		EventBuses []busOutput
		NextToken  string `json:",omitempty"`
	}{out, next})
}
