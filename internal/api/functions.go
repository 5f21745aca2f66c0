package api

import (
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/sigv4"
)

func (s *Server) createFunction(c *call) error {
	var in control.CreateFunctionInput
	if err := c.decode(&in); err != nil {
		return err
	}
	cfg, err := s.control.CreateFunction(c.r.Context(), in)
	if err != nil {
		return err
	}
	return c.json(http.StatusCreated, cfg)
}

type codeLocation struct {
	RepositoryType string
	Location       string
}

type getFunctionOutput struct {
	Configuration lambda.FunctionConfiguration
	Code          codeLocation
	Tags          map[string]string  `json:",omitempty"`
	Concurrency   *concurrencyOutput `json:",omitempty"`
}

func (s *Server) getFunction(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	fn, err := s.control.GetFunction(c.r.Context(), ref)
	if err != nil {
		return err
	}
	loc, err := s.codeURL(c, fn.CodeBlob)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, getFunctionOutput{
		Configuration: fn.Configuration,
		Code:          codeLocation{RepositoryType: "S3", Location: loc},
		Tags:          fn.Tags,
		Concurrency:   reserved(fn.Reserved),
	})
}

// codeURL is a presigned link, valid ten minutes, that downloads the zip.
func (s *Server) codeURL(c *call, blob string) (string, error) {
	url := "http://" + c.r.Host + "/_virga/code/" + blob
	return sigv4.Presign(http.MethodGet, url, c.identity.Key, s.cfg.Region, "lambda", time.Now(), 10*time.Minute)
}

func (s *Server) downloadCode(c *call) error {
	data, err := s.control.Code(c.r.Context(), c.r.PathValue("blob"))
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", "application/zip")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(data)
	return nil
}

func (s *Server) getFunctionConfiguration(c *call) error {
	return s.answerFunction(c, func(fn control.Function) any { return fn.Configuration })
}

type listFunctionsOutput struct {
	Functions  []lambda.FunctionConfiguration
	NextMarker string `json:",omitempty"`
}

func (s *Server) listFunctions(c *call) error {
	q := c.r.URL.Query()
	version := q.Get("FunctionVersion")
	if version != "" && version != "ALL" {
		return lambda.Errorf(lambda.ErrValidation,
			"1 validation error detected: Value '%s' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]", version)
	}
	max, err := c.maxItems()
	if err != nil {
		return err
	}
	fns, next, err := s.control.ListFunctions(c.r.Context(), q.Get("Marker"), max, version == "ALL")
	if err != nil {
		return err
	}
	if fns == nil {
		fns = []lambda.FunctionConfiguration{}
	}
	return c.json(http.StatusOK, listFunctionsOutput{Functions: fns, NextMarker: next})
}

func (s *Server) updateFunctionCode(c *call) error {
	return withBody(c, http.StatusOK, s.control.UpdateFunctionCode)
}

func (s *Server) updateFunctionConfiguration(c *call) error {
	return withBody(c, http.StatusOK, s.control.UpdateFunctionConfiguration)
}

func (s *Server) deleteFunction(c *call) error {
	return remove(c, s.control.DeleteFunction)
}

type accountSettingsOutput struct {
	AccountLimit control.AccountLimit
	AccountUsage control.AccountUsage
}

func (s *Server) getAccountSettings(c *call) error {
	limit, usage, err := s.control.AccountSettings(c.r.Context())
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, accountSettingsOutput{limit, usage})
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ok"}`))
}

func (s *Server) unknownOperation(c *call) error {
	return lambda.Errorf(lambda.ErrNotFound, "No operation matches %s %s", c.r.Method, c.r.URL.Path)
}
