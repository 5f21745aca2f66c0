package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/sigv4"
)

// maxBody bounds every request body: CreateFunction's limit, the largest.
const maxBody = lambda.MaxCreateBody

// call is one authenticated API request.
type call struct {
	w         http.ResponseWriter
	r         *http.Request
	body      []byte
	identity  sigv4.Identity
	requestID string
}

type handler func(c *call) error

// signed reads the body, authenticates the request, authorizes action and
// renders the handler's result or error.
func (s *Server) signed(action string, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &call{w: w, r: r, requestID: lambda.NewUUID()}
		w.Header().Set("x-amzn-RequestId", c.requestID)
		if err := s.serve(c, action, h); err != nil {
			s.renderError(c, err)
		}
	})
}

func (s *Server) serve(c *call, action string, h handler) error {
	body, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody+1))
	if err != nil {
		return lambda.Errorf(lambda.ErrInvalidRequestContent, "Could not read request body: %v", err)
	}
	if len(body) > maxBody {
		return lambda.Errorf(lambda.ErrTooLarge, "Request must be smaller than %d bytes for the %s operation", maxBody, operationName(c.r))
	}
	c.body = body
	id, err := s.auth.Verify(c.r, body, time.Now())
	if err != nil {
		return err
	}
	c.identity = id
	if err := s.authorize(c, action); err != nil {
		return err
	}
	return h(c)
}

// json writes v with the given status.
func (c *call) json(status int, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	c.w.Header().Set("Content-Type", "application/json")
	c.w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(data)
	return nil
}

func (c *call) empty(status int) error {
	c.w.WriteHeader(status)
	return nil
}

// decode parses the JSON body into v.
func (c *call) decode(v any) error {
	if len(c.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return lambda.Errorf(lambda.ErrValidation, "1 validation error detected: Value at '%s' failed to satisfy constraint: Member must be of type %s", typeErr.Field, typeErr.Type)
		}
		return lambda.Errorf(lambda.ErrInvalidRequestContent, "Could not parse request body into json: %v", err)
	}
	return nil
}

// function parses the {name} path label together with the Qualifier query.
func (c *call) function() (arn.Function, error) {
	ref, err := arn.ParseFunction(c.r.PathValue("name"), "functionName")
	if err != nil {
		return arn.Function{}, err
	}
	q, ok := c.r.URL.Query()["Qualifier"]
	if !ok {
		return ref, nil
	}
	if err := arn.ValidateQualifier(q[0]); err != nil {
		return arn.Function{}, err
	}
	if ref.Qualifier != "" && ref.Qualifier != q[0] {
		return arn.Function{}, lambda.Errorf(lambda.ErrInvalidParameter, "The derived qualifier from the function name does not match the specified qualifier.")
	}
	ref.Qualifier = q[0]
	return ref, nil
}

// maxItems parses the MaxItems query parameter (0 when absent).
func (c *call) maxItems() (int, error) { return c.maxItemsUpTo(10000) }

// maxItemsUpTo parses a MaxItems query parameter whose model bound is limit.
func (c *call) maxItemsUpTo(limit int) (int, error) {
	v := c.r.URL.Query().Get("MaxItems")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > limit {
		return 0, arn.ConstraintError(v, "maxItems", fmt.Sprintf("Member must have value between 1 and %d", limit))
	}
	return n, nil
}

func operationName(r *http.Request) string {
	if r.Method == http.MethodPost && len(r.URL.Path) > len("/invocations") && r.URL.Path[len(r.URL.Path)-len("/invocations"):] == "/invocations" {
		return "InvokeFunction"
	}
	if r.Method == http.MethodPost && r.URL.Path == "/2015-03-31/functions" {
		return "CreateFunction"
	}
	return "request"
}
