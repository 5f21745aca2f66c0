package apigw

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// exchange is one request to an invoke URL, as it is routed.
type exchange struct {
	w        http.ResponseWriter
	r        *http.Request
	id       string
	traceID  string
	received time.Time
	body     []byte
	domain   string

	api    *API
	stage  *Stage
	config *Routing
	// path is the request's escaped path within its stage.
	path  string
	match match
	// decision is what the route's authorizer decided, nil without one.
	decision *decision
}

// pickStage finds the stage the path names: a named stage by its first
// segment, else $default with the whole path; ok is false when there is
// none or it serves no deployment yet.
func (x *exchange) pickStage() bool {
	path := x.r.URL.EscapedPath()
	first, rest, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	name, err := url.PathUnescape(first)
	if st, ok := x.api.Stages[name]; ok && err == nil && name != defaultStage {
		x.stage, x.path = st, "/"+rest
	} else if st, ok := x.api.Stages[defaultStage]; ok {
		x.stage, x.path = st, path
	} else {
		return false
	}
	d, ok := x.api.Deployments[x.stage.DeploymentID]
	if !ok || d.Snapshot == nil {
		return false
	}
	x.config = d.Snapshot
	return true
}

// fail answers with API Gateway's {"message": …} body.
func (x *exchange) fail(status int, message string) {
	body, _ := json.Marshal(map[string]string{"message": message})
	h := x.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	x.w.WriteHeader(status)
	_, _ = x.w.Write(body)
}

// internal answers 500 for a failure of Virga's own, which it logs.
func (x *exchange) internal(s *Server, what string, err error) {
	s.log.Error("API request failed", "request_id", x.id, "api", apiIDOf(x.api), "step", what, "err", err)
	x.fail(http.StatusInternalServerError, "Internal Server Error")
}

// rejected answers 500 for an invoke AWS would refuse, which it logs at
// the level a user's misconfiguration deserves.
func (x *exchange) rejected(s *Server, what string, err error) {
	s.log.Warn("API integration rejected", "request_id", x.id, "api", apiIDOf(x.api), "step", what, "err", err)
	x.fail(http.StatusInternalServerError, "Internal Server Error")
}

func apiIDOf(a *API) string {
	if a == nil {
		return ""
	}
	return a.APIID
}

// newTraceID is an X-Ray trace header for a request that came without one.
func newTraceID(now time.Time) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("Root=1-%08x-%x", now.Unix(), b)
}

// newRequestID is an id in the form of API Gateway's request ids.
func newRequestID() string {
	var b [11]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// setEscapedPath sets u's path from its escaped form.
func setEscapedPath(u *url.URL, escaped string) error {
	p, err := url.PathUnescape(escaped)
	if err != nil {
		return err
	}
	u.Path, u.RawPath = p, escaped
	if u.EscapedPath() != escaped {
		u.RawPath = ""
	}
	return nil
}
