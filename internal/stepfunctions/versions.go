package stepfunctions

import "github.com/virga-dev/virga/internal/awsproto"

// listStateMachineVersions answers that a state machine has no published
// versions: Virga does not publish state machine versions, so the list is
// always empty (Terraform reads it after every create and refresh).
func (s *Server) listStateMachineVersions(c *awsproto.Call) error {
	var in struct{ StateMachineArn string }
	if err := c.Decode(&in); err != nil {
		return err
	}
	if _, _, err := machineOf(in.StateMachineArn); err != nil {
		return err
	}
	return c.Reply(200, map[string]any{"stateMachineVersions": []any{}})
}
