package scheduler

import (
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

type createGroupInput struct {
	ClientToken string
	Tags        []aws.Tag
}

// groupRef reads the group a request's path names.
func groupRef(c *awsproto.Call) (string, error) {
	name := c.R.PathValue("Name")
	var v aws.Violations
	v.Text(name, "name", true, 1, 64, nameRE, namePattern)
	return name, v.Err()
}

func (s *Server) createScheduleGroup(c *awsproto.Call) error {
	var in createGroupInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	name, err := groupRef(c)
	if err != nil {
		return err
	}
	if err := checkTags(in.Tags); err != nil {
		return err
	}
	g, err := s.createGroup(c.R.Context(), Group{Name: name, Tags: in.Tags})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{ ScheduleGroupArn string }{s.groupARN(g.Name)})
}

// groupOutput is a group as GetScheduleGroup and ListScheduleGroups show it.
type groupOutput struct {
	Arn                  string
	CreationDate         float64
	LastModificationDate float64
	Name                 string
	State                string
}

func (s *Server) groupOutput(g Group) groupOutput {
	return groupOutput{Arn: s.groupARN(g.Name), CreationDate: epoch(g.Created), LastModificationDate: epoch(g.Modified),
		Name: g.Name, State: "ACTIVE"}
}

func (s *Server) getScheduleGroup(c *awsproto.Call) error {
	name, err := groupRef(c)
	if err != nil {
		return err
	}
	g, err := s.group(c.R.Context(), name)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, s.groupOutput(g))
}

// deleteScheduleGroup deletes a group and every schedule in it, as AWS
// does (AWS takes a while; Virga does it before answering).
func (s *Server) deleteScheduleGroup(c *awsproto.Call) error {
	name, err := groupRef(c)
	if err != nil {
		return err
	}
	if name == defaultGroup {
		return aws.Errorf(aws.ErrValidation, "The default schedule group cannot be deleted.")
	}
	ctx := c.R.Context()
	if _, err := s.group(ctx, name); err != nil {
		return err
	}
	list, err := s.allSchedules(ctx, name)
	if err != nil {
		return err
	}
	for _, sc := range list {
		if err := s.drop(ctx, sc); err != nil {
			return err
		}
	}
	if err := s.groups.Delete(ctx, key(name), 0); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

func (s *Server) listScheduleGroups(c *awsproto.Call) error {
	prefix := c.R.URL.Query().Get("NamePrefix")
	var v aws.Violations
	v.Text(prefix, "namePrefix", false, 1, 64, nameRE, namePattern)
	groups, err := s.allGroups(c.R.Context())
	if err != nil {
		return err
	}
	var items []groupOutput
	for _, g := range groups {
		if strings.HasPrefix(g.Name, prefix) {
			items = append(items, s.groupOutput(g))
		}
	}
	page, next, err := pageOf(&v, c, items, func(g groupOutput) string { return g.Name })
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct {
		NextToken      string `json:",omitempty"`
		ScheduleGroups []groupOutput
	}{next, page})
}
