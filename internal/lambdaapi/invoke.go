package lambdaapi

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// invokeKind is what differs between Invoke and InvokeWithResponseStream
// in their requests.
type invokeKind struct {
	operation string
	types     []string // the invocation types allowed, in the model's order
}

var (
	invokeFunction = invokeKind{"InvokeFunction", []string{lambda.InvokeEvent, lambda.InvokeRequestResponse, lambda.InvokeDryRun}}
	invokeStreamed = invokeKind{"InvokeWithResponseStream", []string{lambda.InvokeRequestResponse, lambda.InvokeDryRun}}
)

func (s *Server) invoke(c *call) error {
	inv, err := s.invocation(c, invokeFunction)
	if err != nil {
		return err
	}
	answered := false
	inv.Answer = func(res lambda.InvokeResult) {
		answered = true
		writeResult(c.W, res)
		_ = http.NewResponseController(c.W).Flush() // the caller has its answer now
	}
	res, err := s.invoker.Invoke(c.R.Context(), inv)
	switch {
	case answered:
		return nil
	case err != nil:
		return err
	case inv.Type == lambda.InvokeEvent:
		return c.Empty(http.StatusAccepted)
	case inv.Type == lambda.InvokeDryRun:
		return c.Empty(http.StatusNoContent)
	}
	writeResult(c.W, res)
	return nil
}

// writeResult answers a RequestResponse invocation with its result.
func writeResult(w http.ResponseWriter, res lambda.InvokeResult) {
	h := w.Header()
	h.Set("X-Amz-Executed-Version", res.ExecutedVersion)
	if res.FunctionError != "" {
		h.Set("X-Amz-Function-Error", res.FunctionError)
	}
	if res.LogResult != "" {
		h.Set("X-Amz-Log-Result", res.LogResult)
	}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(res.Payload)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(res.Payload)
}

// invocation checks an invoke request as Lambda does, before anything runs.
func (s *Server) invocation(c *call, kind invokeKind) (lambda.Invocation, error) {
	if s.invoker == nil {
		return lambda.Invocation{}, aws.Errorf(aws.ErrInternal, "This Virga server does not run functions.")
	}
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
	if err := checkInvokeHeaders(&inv, h, kind.types); err != nil {
		return lambda.Invocation{}, err
	}
	if err := checkPayload(inv, kind.operation); err != nil {
		return lambda.Invocation{}, err
	}
	if len(inv.Payload) == 0 {
		inv.Payload = []byte("{}")
	}
	return inv, nil
}

func checkInvokeHeaders(inv *lambda.Invocation, h http.Header, types []string) error {
	if !slices.Contains(types, inv.Type) {
		return arn.ConstraintError(inv.Type, "invocationType", "Member must satisfy enum value set: ["+strings.Join(types, ", ")+"]")
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

func checkPayload(inv lambda.Invocation, operation string) error {
	n := len(inv.Payload)
	if inv.Type == lambda.InvokeEvent && n > lambda.MaxEventPayload {
		return aws.Errorf(aws.ErrTooLarge, "%d byte payload is too large for the Event invocation type (limit %d bytes)", n, lambda.MaxEventPayload)
	}
	if n > lambda.MaxSyncPayload {
		return aws.Errorf(aws.ErrTooLarge, "Request must be smaller than %d bytes for the %s operation", lambda.MaxSyncPayload, operation)
	}
	if n > 0 && !json.Valid(inv.Payload) {
		var v any
		err := json.Unmarshal(inv.Payload, &v)
		return aws.Errorf(aws.ErrMalformed, "Could not parse request body into json: Could not parse payload into json: %v", err)
	}
	return nil
}

// invokeWithResponseStream runs a function and answers with an event stream
// of its response as it comes. Errors before the function runs are answered
// as for Invoke; a function error, even one before the first byte, ends the
// stream with an InvokeComplete event that carries it.
func (s *Server) invokeWithResponseStream(c *call) error {
	inv, err := s.invocation(c, invokeStreamed)
	if err != nil {
		return err
	}
	out := newResponseStream(c.W)
	inv.Stream = out
	res, err := s.invoker.Invoke(c.R.Context(), inv)
	switch {
	case err != nil && !out.started:
		return err
	case err != nil: // the answer has begun: the failure can only end it
		res = lambda.InvokeResult{FunctionError: "Unhandled", ErrorType: "ServiceException", Payload: []byte(`{"errorMessage":"An internal error occurred."}`)}
	case inv.Type == lambda.InvokeDryRun:
		return c.Empty(http.StatusNoContent)
	}
	return out.complete(res)
}

// invokeAsync is the deprecated InvokeAsync: an Event invocation whose
// body is the event, answered with {"Status": 202}.
func (s *Server) invokeAsync(c *call) error {
	c.R.Header.Set("X-Amz-Invocation-Type", lambda.InvokeEvent)
	c.R.Header.Del("X-Amz-Log-Type")
	inv, err := s.invocation(c, invokeFunction)
	if err != nil {
		return err
	}
	if _, err := s.invoker.Invoke(c.R.Context(), inv); err != nil {
		return err
	}
	return c.Reply(http.StatusAccepted, map[string]int{"Status": http.StatusAccepted})
}
