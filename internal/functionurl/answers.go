package functionurl

import (
	"net/http"
	"strconv"
)

// answer is a response the URL front end gives itself, without the
// function's word: a refusal, a throttle or a failure.
type answer struct {
	status    int
	errorType string // x-amzn-ErrorType, if any
	body      string
	text      bool // body is plain text, not JSON
}

// The answers AWS gives.
var (
	// noSuchURL answers an id that names no URL.
	noSuchURL = answer{http.StatusForbidden, "AccessDeniedException", `{"Message":null}`, false}
	// notPublic answers a URL without auth whose policy does not let
	// everyone invoke it.
	notPublic = answer{http.StatusForbidden, "AccessDeniedException",
		`{"Message":"Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}`, false}
	// forbidden answers a request to an AWS_IAM URL that is not signed,
	// not signed right, or signed by someone the URL's policy does not
	// allow; and every request while reserved concurrency is 0.
	forbidden = answer{http.StatusForbidden, "AccessDeniedException", `{"Message":"Forbidden"}`, false}
	throttled = answer{http.StatusTooManyRequests, "TooManyRequestsException", `{"Message":"Rate Exceeded."}`, false}
	tooLarge  = answer{http.StatusRequestEntityTooLarge, "RequestEntityTooLargeException",
		`{"Message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}`, false}
	// failed answers a function error, a timeout, or a result that maps to
	// no response.
	failed = answer{http.StatusBadGateway, "", "Internal Server Error", true}
)

func (a answer) write(w http.ResponseWriter) {
	h := w.Header()
	if a.text {
		h.Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		h.Set("Content-Type", "application/json")
	}
	if a.errorType != "" {
		h.Set("x-amzn-ErrorType", a.errorType)
	}
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(a.status)
	_, _ = w.Write([]byte(a.body))
}
