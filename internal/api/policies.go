package api

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
	if err := c.decode(&in); err != nil {
		return err
	}
	st, err := s.control.AddPermission(c.r.Context(), ref, in)
	if err != nil {
		return err
	}
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return c.json(http.StatusCreated, addPermissionOutput{Statement: string(data)})
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
	p, revision, err := s.control.GetPolicy(c.r.Context(), ref)
	if err != nil {
		return err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, getPolicyOutput{Policy: string(data), RevisionId: revision})
}

func (s *Server) removePermission(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	err = s.control.RemovePermission(c.r.Context(), ref, c.r.PathValue("sid"), c.r.URL.Query().Get("RevisionId"))
	if err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}
