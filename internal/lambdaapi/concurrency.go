package lambdaapi

import (
	"net/http"
)

type concurrencyOutput struct {
	ReservedConcurrentExecutions *int `json:",omitempty"`
}

func reserved(n *int) *concurrencyOutput {
	if n == nil {
		return nil
	}
	return &concurrencyOutput{ReservedConcurrentExecutions: n}
}

func (s *Server) putFunctionConcurrency(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	var in struct{ ReservedConcurrentExecutions *int }
	if err := c.Decode(&in); err != nil {
		return err
	}
	n, err := s.concurrency.PutFunctionConcurrency(c.R.Context(), ref, in.ReservedConcurrentExecutions)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, concurrencyOutput{ReservedConcurrentExecutions: &n})
}

func (s *Server) getFunctionConcurrency(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	n, err := s.concurrency.GetFunctionConcurrency(c.R.Context(), ref)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, concurrencyOutput{ReservedConcurrentExecutions: n})
}

func (s *Server) deleteFunctionConcurrency(c *call) error {
	return remove(c, s.concurrency.DeleteFunctionConcurrency)
}

func (s *Server) putProvisionedConcurrency(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	var in struct{ ProvisionedConcurrentExecutions *int }
	if err := c.Decode(&in); err != nil {
		return err
	}
	pc, err := s.concurrency.PutProvisionedConcurrency(c.R.Context(), ref, in.ProvisionedConcurrentExecutions)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusAccepted, pc)
}

// getProvisionedConcurrency serves GetProvisionedConcurrencyConfig and,
// with List=ALL, ListProvisionedConcurrencyConfigs, which share the path.
func (s *Server) getProvisionedConcurrency(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	if c.R.URL.Query().Get("List") == "ALL" {
		return s.listProvisionedConcurrency(c)
	}
	pc, err := s.concurrency.GetProvisionedConcurrency(c.R.Context(), ref)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, pc)
}

func (s *Server) listProvisionedConcurrency(c *call) error {
	return listOf(c, "ProvisionedConcurrencyConfigs", 10000, s.concurrency.ListProvisionedConcurrency)
}

func (s *Server) deleteProvisionedConcurrency(c *call) error {
	return remove(c, s.concurrency.DeleteProvisionedConcurrency)
}
