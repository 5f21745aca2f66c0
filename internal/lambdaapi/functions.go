package lambdaapi

import (
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/sigv4"
)

func (s *Server) createFunction(c *call) error {
	var in control.CreateFunctionInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	cfg, err := s.functions.CreateFunction(c.R.Context(), in)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusCreated, cfg)
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
	fn, err := s.functions.GetFunction(c.R.Context(), ref)
	if err != nil {
		return err
	}
	loc, err := s.codeURL(c, fn.CodeBlob)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, getFunctionOutput{
		Configuration: fn.Configuration,
		Code:          codeLocation{RepositoryType: "S3", Location: loc},
		Tags:          fn.Tags,
		Concurrency:   reserved(fn.Reserved),
	})
}

// codeURL is a presigned link, valid ten minutes, that downloads the zip.
func (s *Server) codeURL(c *call, blob string) (string, error) {
	url := "http://" + c.R.Host + "/_virga/code/" + blob
	return sigv4.Presign(http.MethodGet, url, c.Identity.Key, s.cfg.Region, "lambda", time.Now(), 10*time.Minute)
}

func (s *Server) downloadCode(c *call) error {
	data, err := s.functions.Code(c.R.Context(), c.R.PathValue("blob"))
	if err != nil {
		return err
	}
	c.W.Header().Set("Content-Type", "application/zip")
	c.W.WriteHeader(http.StatusOK)
	_, _ = c.W.Write(data)
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
	q := c.R.URL.Query()
	version := q.Get("FunctionVersion")
	if version != "" && version != "ALL" {
		return aws.Errorf(aws.ErrValidation,
			"1 validation error detected: Value '%s' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]", version)
	}
	max, err := c.maxItems()
	if err != nil {
		return err
	}
	fns, next, err := s.functions.ListFunctions(c.R.Context(), q.Get("Marker"), max, version == "ALL")
	if err != nil {
		return err
	}
	if fns == nil {
		fns = []lambda.FunctionConfiguration{}
	}
	return c.Reply(http.StatusOK, listFunctionsOutput{Functions: fns, NextMarker: next})
}

func (s *Server) updateFunctionCode(c *call) error {
	return withBody(c, http.StatusOK, s.functions.UpdateFunctionCode)
}

func (s *Server) updateFunctionConfiguration(c *call) error {
	return withBody(c, http.StatusOK, s.functions.UpdateFunctionConfiguration)
}

func (s *Server) deleteFunction(c *call) error {
	return remove(c, s.functions.DeleteFunction)
}

type accountSettingsOutput struct {
	AccountLimit control.AccountLimit
	AccountUsage control.AccountUsage
}

func (s *Server) getAccountSettings(c *call) error {
	limit, usage, err := s.functions.AccountSettings(c.R.Context())
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, accountSettingsOutput{limit, usage})
}
