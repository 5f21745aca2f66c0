package lambdaapi

import (
	"encoding/json"
	"net/http"

	"github.com/virga-dev/virga/internal/control"
)

type addPermissionOutput struct {
	Statement string
}

func (s *Server) addPermission(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	var in control.PermissionInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	st, err := s.policies.AddPermission(c.R.Context(), ref, in)
	if err != nil {
		return err
	}
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusCreated, addPermissionOutput{Statement: string(data)})
}

type getPolicyOutput struct {
	Policy     string
	RevisionId string
}

func (s *Server) getPolicy(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	p, revision, err := s.policies.GetPolicy(c.R.Context(), ref)
	if err != nil {
		return err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, getPolicyOutput{Policy: string(data), RevisionId: revision})
}

func (s *Server) removePermission(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	err = s.policies.RemovePermission(c.R.Context(), ref, c.R.PathValue("sid"), c.R.URL.Query().Get("RevisionId"))
	if err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}
