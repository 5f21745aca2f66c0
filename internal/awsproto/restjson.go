package awsproto

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// RestJSON is the rest-json protocol: operations by method and path, JSON
// bodies, the error code in x-amzn-ErrorType and the body.
type RestJSON struct{ routes routes }

// NewRestJSON serves ops, each at its Route.
func NewRestJSON(ops []Operation) *RestJSON { return &RestJSON{routes: newRoutes(ops)} }

// Accepts any request that is neither json (X-Amz-Target) nor a query form.
func (p *RestJSON) Accepts(r *http.Request) bool { return !isJSONTarget(r) && !isForm(r) }

func (p *RestJSON) Route(c *Call) (*Operation, error) { return p.routes.find(c.R) }

func (p *RestJSON) Decode(c *Call, in any) error { return decodeJSON(c.Body, in) }

func (p *RestJSON) Reply(c *Call, status int, out any) error {
	return writeJSON(c.W, status, "application/json", out)
}

// Fault writes {"Type": "User", "message": …} with the code in __type and
// x-amzn-ErrorType.
func (p *RestJSON) Fault(c *Call, f Fault) {
	body := map[string]string{"Type": "User", "__type": f.Code}
	if f.Server {
		body["Type"] = "Service"
	}
	if f.Capital {
		body["Message"] = f.Message
	} else {
		body["message"] = f.Message
	}
	if f.Reason != "" {
		body["Reason"] = f.Reason
	}
	c.W.Header().Set("x-amzn-ErrorType", f.Code)
	_ = writeJSON(c.W, f.Status, "application/json", body)
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
	return nil
}

// decodeJSON parses a JSON body into v; an empty body leaves v as it is.
func decodeJSON(body []byte, v any) error {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return aws.Errorf(aws.ErrValidation, "1 validation error detected: Value at '%s' failed to satisfy constraint: Member must be of type %s", typeErr.Field, typeErr.Type)
		}
		return aws.Errorf(aws.ErrMalformed, "Could not parse request body into json: %v", err)
	}
	return nil
}

func isJSONTarget(r *http.Request) bool { return r.Header.Get("X-Amz-Target") != "" }

// isForm reports a query-protocol request: a form-encoded POST, to "/" or
// to a resource's path (SQS's clients post to the queue's URL).
func isForm(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
}
