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

func (s *Server) createEventBus(c *awsproto.Call) error {
	var in createEventBusInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var v aws.Violations
	v.Text(in.Name, "name", true, 1, 256, busNameRE, busNamePattern)
	v.Length(in.Description, len(in.Description), "description", 0, 512)
	checkTags(&v, in.Tags)
	if err := v.Err(); err != nil {
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

type busRefInput struct{ Name string }

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

func (s *Server) describeEventBus(c *awsproto.Call) error {
	var in busRefInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var v aws.Violations
	checkBusRef(&v, in.Name, "name")
	if err := v.Err(); err != nil {
		return err
	}
	b, err := s.bus(c.R.Context(), busName(in.Name))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, s.busOutput(b))
}

func (s *Server) deleteEventBus(c *awsproto.Call) error {
	var in busRefInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var v aws.Violations
	v.Text(in.Name, "name", true, 1, 256, busNameRE, busNamePattern)
	if err := v.Err(); err != nil {
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
	NextToken  string
	Limit      *int
}

func (s *Server) listEventBuses(c *awsproto.Call) error {
	var in listEventBusesInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	limit, marker, err := pageArgs(in.Limit, in.NextToken)
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
	page, next := aws.PageFrom(items, func(b busOutput) string { return b.Name }, marker, limit)
	return c.Reply(http.StatusOK, struct {
		EventBuses []busOutput
		NextToken  string `json:",omitempty"`
	}{nonNil(page), aws.Token(next)})
}

// nonNil is items, or an empty list, so that a list member is never null.
func nonNil[T any](items []T) []T {
	if items == nil {
		return []T{}
	}
	return items
}

// pageArgs reads a list operation's Limit (1 to 100, default 100) and
// NextToken.
func pageArgs(limit *int, token string) (int, string, error) {
	n := 100
	if limit != nil {
		var v aws.Violations
		v.Range(*limit, "limit", 1, 100)
		if err := v.Err(); err != nil {
			return 0, "", err
		}
		n = *limit
	}
	marker, ok := aws.ParseToken(token)
	if !ok {
		return 0, "", aws.Errorf(aws.ErrValidation, "The nextToken provided is invalid.")
	}
	return n, marker, nil
}
