package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/sigv4"
)

// service is what the console's API calls are signed for.
const service = "virga"

// maxBody bounds a request to the console's API: a test event is at most
// Invoke's 6 MB payload.
const maxBody = 6 << 20

// call is one signed request to the console's API.
type call struct {
	w        http.ResponseWriter
	r        *http.Request
	body     []byte
	identity sigv4.Identity
}

type handler func(*call) error

// httpError is a refusal with its status, its message the caller's to read.
type httpError struct {
	status  int
	message string
}

func (e *httpError) Error() string { return e.message }

func errorf(status int, format string, args ...any) error {
	return &httpError{status: status, message: fmt.Sprintf(format, args...)}
}

// signed serves h to requests signed with a key Virga knows, for the
// console's service; every failure is answered as JSON {"message": …}.
func (c *Console) signed(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := &call{w: w, r: r}
		if err := c.serve(k, h); err != nil {
			c.fail(k, err)
		}
	})
}

func (c *Console) serve(k *call, h handler) error {
	body, err := io.ReadAll(io.LimitReader(k.r.Body, maxBody+1))
	if err != nil {
		return errorf(http.StatusBadRequest, "could not read the request body")
	}
	if len(body) > maxBody {
		return errorf(http.StatusRequestEntityTooLarge, "the request body must be smaller than %d bytes", maxBody)
	}
	id, err := c.auth.Verify(k.r, body, time.Now())
	if err == nil {
		err = id.RequireService(service)
	}
	var se *sigv4.Error
	if errors.As(err, &se) {
		return errorf(http.StatusForbidden, "%s: %s", se.Code, se.Message)
	}
	if err != nil {
		return err
	}
	k.body, k.identity = body, id
	return h(k)
}

// fail answers err: its own message for a refusal, a generic one (and a
// log line) for anything else.
func (c *Console) fail(k *call, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		c.log.ErrorContext(k.r.Context(), "console request failed", "method", k.r.Method, "path", k.r.URL.Path, "err", err)
		he = &httpError{status: http.StatusInternalServerError, message: "internal error; the server's log has the cause"}
	}
	k.reply(he.status, map[string]string{"message": he.message})
}

// reply answers v as JSON.
func (k *call) reply(status int, v any) error {
	k.w.Header().Set("Content-Type", "application/json")
	k.w.WriteHeader(status)
	return json.NewEncoder(k.w).Encode(v)
}
