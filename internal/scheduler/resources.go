package scheduler

import (
	"encoding/json"

	"github.com/virga-dev/virga/internal/awsproto"
)

// The resources IAM policies name for Scheduler's operations: a schedule,
// arn:aws:scheduler:region:account:schedule/GROUP/NAME (the group from the
// body of CreateSchedule and UpdateSchedule, from the groupName query of
// GetSchedule and DeleteSchedule, "default" when none is given); a
// schedule group, …:schedule-group/NAME; a tagging operation's
// ResourceArn. The List operations name none ("*").

// scheduleResource is the schedule a call names.
func (s *Server) scheduleResource(c *awsproto.Call) (string, error) {
	group := c.R.URL.Query().Get("groupName")
	if len(c.Body) > 0 {
		var in struct{ GroupName string }
		if json.Unmarshal(c.Body, &in) != nil {
			return "*", nil // the handler answers the malformed body
		}
		group = in.GroupName
	}
	return s.scheduleARN(groupName(group), c.R.PathValue("Name")), nil
}

// groupResource is the schedule group a call names.
func (s *Server) groupResource(c *awsproto.Call) (string, error) {
	return s.groupARN(c.R.PathValue("Name")), nil
}

// taggedResource is the ARN a tagging operation names.
func taggedResource(c *awsproto.Call) (string, error) { return c.R.PathValue("ResourceArn"), nil }
