package lambdaapi

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

func (s *Server) invoke(c *call) error {
	inv, err := s.invocation(c)
	if err != nil {
		return err
	}
	if s.invoker == nil {
		return aws.Errorf(aws.ErrInternal, "This Virga server does not run functions.")
	}
	res, err := s.invoker.Invoke(c.R.Context(), inv)
	if err != nil {
		return err
	}
	switch inv.Type {
	case lambda.InvokeEvent:
		return c.Empty(http.StatusAccepted)
	case lambda.InvokeDryRun:
		return c.Empty(http.StatusNoContent)
	}
	h := c.W.Header()
	h.Set("X-Amz-Executed-Version", res.ExecutedVersion)
	if res.FunctionError != "" {
		h.Set("X-Amz-Function-Error", res.FunctionError)
	}
	if res.LogResult != "" {
		h.Set("X-Amz-Log-Result", res.LogResult)
	}
	h.Set("Content-Type", "application/json")
	c.W.WriteHeader(http.StatusOK)
	_, _ = c.W.Write(res.Payload)
	return nil
}

// invocation checks the Invoke request as Lambda does, before anything runs.
func (s *Server) invocation(c *call) (lambda.Invocation, error) {
	ref, err := c.function()
	if err != nil {
		return lambda.Invocation{}, err
	}
	h := c.R.Header
	inv := lambda.Invocation{
		Region: ref.Region, Account: ref.Account, Name: ref.Name, Qualifier: ref.Qualifier, RequestID: c.RequestID,
		Type: h.Get("X-Amz-Invocation-Type"), TraceID: h.Get("X-Amzn-Trace-Id"), Payload: c.Body,
	}
	if inv.Type == "" {
		inv.Type = lambda.InvokeRequestResponse
	}
	if err := checkInvokeHeaders(&inv, h); err != nil {
		return lambda.Invocation{}, err
	}
	if err := checkPayload(inv); err != nil {
		return lambda.Invocation{}, err
	}
	if len(inv.Payload) == 0 {
		inv.Payload = []byte("{}")
	}
	return inv, nil
}

func checkInvokeHeaders(inv *lambda.Invocation, h http.Header) error {
	switch inv.Type {
	case lambda.InvokeRequestResponse, lambda.InvokeEvent, lambda.InvokeDryRun:
	default:
		return arn.ConstraintError(inv.Type, "invocationType", "Member must satisfy enum value set: [Event, RequestResponse, DryRun]")
	}
	switch lt := h.Get("X-Amz-Log-Type"); lt {
	case "", "None":
	case "Tail":
		inv.Tail = inv.Type == lambda.InvokeRequestResponse
	default:
		return arn.ConstraintError(lt, "logType", "Member must satisfy enum value set: [None, Tail]")
	}
	if cc := h.Get("X-Amz-Client-Context"); cc != "" && inv.Type == lambda.InvokeRequestResponse {
		decoded, err := base64.StdEncoding.DecodeString(cc)
		if err != nil || len(cc) > 3583 || !json.Valid(decoded) {
			return aws.Errorf(aws.ErrMalformed, "Client context must be a valid Base64-encoded JSON object.")
		}
		inv.ClientContext = string(decoded)
	}
	return nil
}

func checkPayload(inv lambda.Invocation) error {
	n := len(inv.Payload)
	if inv.Type == lambda.InvokeEvent && n > lambda.MaxEventPayload {
		return aws.Errorf(aws.ErrTooLarge, "%d byte payload is too large for the Event invocation type (limit %d bytes)", n, lambda.MaxEventPayload)
	}
	if n > lambda.MaxSyncPayload {
		return aws.Errorf(aws.ErrTooLarge, "Request must be smaller than %d bytes for the InvokeFunction operation", lambda.MaxSyncPayload)
	}
	if n > 0 && !json.Valid(inv.Payload) {
		var v any
		err := json.Unmarshal(inv.Payload, &v)
		return aws.Errorf(aws.ErrMalformed, "Could not parse request body into json: Could not parse payload into json: %v", err)
	}
	return nil
}
