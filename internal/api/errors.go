package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/sigv4"
)

// awsError is how one error kind appears on the wire.
type awsError struct {
	status int
	// capital is true when the model spells the member "Message".
	capital bool
}

// errorTable is the one place that maps error kinds to AWS error types.
var errorTable = map[error]awsError{
	lambda.ErrNotFound:              {http.StatusNotFound, true},
	lambda.ErrConflict:              {http.StatusConflict, false},
	lambda.ErrInvalidParameter:      {http.StatusBadRequest, false},
	lambda.ErrValidation:            {http.StatusBadRequest, false},
	lambda.ErrPreconditionFailed:    {http.StatusPreconditionFailed, false},
	lambda.ErrTooLarge:              {http.StatusRequestEntityTooLarge, false},
	lambda.ErrInvalidRequestContent: {http.StatusBadRequest, false},
	lambda.ErrTooManyRequests:       {http.StatusTooManyRequests, false},
	lambda.ErrAccessDenied:          {http.StatusForbidden, true},
	lambda.ErrUnsupportedMediaType:  {http.StatusUnsupportedMediaType, false},
	lambda.ErrServiceUnavailable:    {http.StatusInternalServerError, true},
	lambda.ErrProvisionedNotFound:   {http.StatusNotFound, false},
	lambda.ErrPolicyLengthExceeded:  {http.StatusBadRequest, false},

	iam.ErrNoSuchEntity:            {http.StatusNotFound, true},
	iam.ErrEntityAlreadyExists:     {http.StatusConflict, true},
	iam.ErrValidation:              {http.StatusBadRequest, true},
	iam.ErrMalformedPolicyDocument: {http.StatusBadRequest, true},
	iam.ErrDeleteConflict:          {http.StatusConflict, true},
	iam.ErrLimitExceeded:           {http.StatusConflict, true},
	iam.ErrInvalidInput:            {http.StatusBadRequest, true},
	iam.ErrAccessDenied:            {http.StatusForbidden, true},
	lambda.ErrAlreadyExists:        {http.StatusConflict, false},
	lambda.ErrUnknownOperation:     {http.StatusBadRequest, false},
}

// logsErrorTable is how error kinds appear to CloudWatch Logs clients, which
// get 400 for every client error and know fewer types than Lambda's.
var logsErrorTable = map[error]struct {
	code   string
	status int
}{
	lambda.ErrNotFound:              {"ResourceNotFoundException", http.StatusBadRequest},
	lambda.ErrAlreadyExists:         {"ResourceAlreadyExistsException", http.StatusBadRequest},
	lambda.ErrInvalidParameter:      {"InvalidParameterException", http.StatusBadRequest},
	lambda.ErrValidation:            {"InvalidParameterException", http.StatusBadRequest},
	lambda.ErrInvalidRequestContent: {"SerializationException", http.StatusBadRequest},
	lambda.ErrTooLarge:              {"InvalidParameterException", http.StatusBadRequest},
	lambda.ErrUnknownOperation:      {"UnknownOperationException", http.StatusBadRequest},
	lambda.ErrServiceUnavailable:    {"ServiceUnavailableException", http.StatusInternalServerError},
}

// wireError is the decoded form of any error: its AWS code, status and body.
type wireError struct {
	code    string
	status  int
	message string
	capital bool
	reason  string
	fault   string
}

func classify(err error) (wireError, bool) {
	var sigErr *sigv4.Error
	if errors.As(err, &sigErr) {
		return wireError{code: sigErr.Code, status: http.StatusForbidden, message: sigErr.Message, fault: "User"}, true
	}
	var qe queryError
	if errors.As(err, &qe) {
		return wireError{code: qe.code, status: http.StatusBadRequest, message: qe.message, fault: "User"}, true
	}
	var le *lambda.Error
	if errors.As(err, &le) {
		if t, ok := errorTable[le.Kind]; ok {
			return wireError{code: le.Kind.Error(), status: t.status, message: le.Message, capital: t.capital, reason: le.Reason, fault: "User"}, true
		}
	}
	return wireError{code: "ServiceException", status: http.StatusInternalServerError, capital: true, fault: "Service",
		message: "An internal error occurred in Virga; the server log has the details."}, false
}

// renderError writes err as AWS's rest-json error response.
func (s *Server) renderError(c *call, err error) {
	we, known := classify(err)
	if !known {
		s.log.Error("request failed", "request_id", c.requestID, "method", c.r.Method, "path", c.r.URL.Path, "err", err)
	}
	if isQuery(c.r) {
		writeQueryError(c, we)
		return
	}
	if isLogs(c.r) {
		writeLogsError(c, err, we)
		return
	}
	body := map[string]string{"Type": we.fault, "__type": we.code}
	if we.capital {
		body["Message"] = we.message
	} else {
		body["message"] = we.message
	}
	if we.reason != "" {
		body["Reason"] = we.reason
	}
	c.w.Header().Set("x-amzn-ErrorType", we.code)
	_ = c.json(we.status, body)
}

// writeLogsError writes err as a json-1.1 error: __type and message.
func writeLogsError(c *call, err error, we wireError) {
	code, status := we.code, we.status
	var le *lambda.Error
	if errors.As(err, &le) {
		if t, ok := logsErrorTable[le.Kind]; ok {
			code, status = t.code, t.status
		}
	}
	if we.status == http.StatusForbidden { // signature errors
		status = http.StatusBadRequest
	}
	data, _ := json.Marshal(map[string]string{"__type": code, "message": we.message})
	c.w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	c.w.Header().Set("x-amzn-ErrorType", code)
	c.w.WriteHeader(status)
	_, _ = c.w.Write(data)
}
