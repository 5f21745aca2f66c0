package extensions

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/lambda"
)

// Header names of the Extensions API.
const (
	hdrName      = "Lambda-Extension-Name"
	hdrID        = "Lambda-Extension-Identifier"
	hdrErrorType = "Lambda-Extension-Function-Error-Type"
	hdrFeatures  = "Lambda-Extension-Accept-Feature"
	hdrEventID   = "Lambda-Extension-Event-Identifier"
)

// Routes are the Extensions, Telemetry and Logs API routes, for the
// environment's Runtime API server to mount.
func (r *Registry) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"POST /2020-01-01/extension/register":   http.HandlerFunc(r.handleRegister),
		"GET /2020-01-01/extension/event/next":  http.HandlerFunc(r.handleNext),
		"POST /2020-01-01/extension/init/error": http.HandlerFunc(r.handleInitError),
		"POST /2020-01-01/extension/exit/error": http.HandlerFunc(r.handleExitError),
		"PUT /2022-07-01/telemetry":             http.HandlerFunc(r.handleSubscribe),
		"PUT /2020-08-15/logs":                  http.HandlerFunc(r.handleSubscribe),
	}
}

func writeError(w http.ResponseWriter, status int, errorType, message string) {
	body, _ := json.Marshal(map[string]string{"errorMessage": message, "errorType": errorType})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (r *Registry) handleRegister(w http.ResponseWriter, req *http.Request) {
	name := req.Header.Get(hdrName)
	if name == "" {
		writeError(w, http.StatusBadRequest, "Extension.InvalidExtensionName", "Empty extension name")
		return
	}
	var body struct{ Events []string }
	if err := json.NewDecoder(io.LimitReader(req.Body, 1<<16)).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "Extension.InvalidRequest", "Could not parse the registration body: "+err.Error())
		return
	}
	var invoke, shutdown bool
	for _, ev := range body.Events {
		switch ev {
		case "INVOKE":
			invoke = true
		case "SHUTDOWN":
			shutdown = true
		default:
			writeError(w, http.StatusBadRequest, "Extension.InvalidEventType", "Unsupported event type "+ev)
			return
		}
	}
	e, err := r.register(name, invoke, shutdown)
	if err != nil {
		writeError(w, http.StatusForbidden, "Extension.AlreadyRegistered", err.Error())
		return
	}
	out := map[string]string{"functionName": r.info.FunctionName, "functionVersion": r.info.FunctionVersion, "handler": r.info.Handler}
	if strings.Contains(req.Header.Get(hdrFeatures), "accountId") {
		out["accountId"] = r.info.AccountID
	}
	data, _ := json.Marshal(out)
	w.Header().Set(hdrID, e.id)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(data)
}

// known finds the calling extension by its identifier, or answers 403.
func (r *Registry) known(w http.ResponseWriter, req *http.Request) *extension {
	id := req.Header.Get(hdrID)
	if id == "" {
		writeError(w, http.StatusForbidden, "Extension.MissingExtensionIdentifier", "Missing Lambda-Extension-Identifier header")
		return nil
	}
	e := r.lookup(id)
	if e == nil {
		writeError(w, http.StatusForbidden, "Extension.UnknownExtensionIdentifier", "Unknown extension "+id)
	}
	return e
}

func (r *Registry) handleNext(w http.ResponseWriter, req *http.Request) {
	e := r.known(w, req)
	if e == nil {
		return
	}
	r.setWaiting(e, true)
	select {
	case body := <-e.events:
		w.Header().Set(hdrEventID, lambda.NewUUID())
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	case <-req.Context().Done():
		r.setGone(e) // the connection broke: the process exited
	case <-r.closed:
	}
}

func (r *Registry) handleInitError(w http.ResponseWriter, req *http.Request) {
	e := r.known(w, req)
	if e == nil {
		return
	}
	errorType := req.Header.Get(hdrErrorType)
	if errorType == "" {
		errorType = "Extension.UnknownReason"
	}
	r.setInitError(e.name, errorType)
	accepted(w)
}

func (r *Registry) handleExitError(w http.ResponseWriter, req *http.Request) {
	e := r.known(w, req)
	if e == nil {
		return
	}
	r.setGone(e)
	accepted(w)
}

func accepted(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write([]byte(`{"status":"OK"}`))
}

func (r *Registry) handleSubscribe(w http.ResponseWriter, req *http.Request) {
	e := r.known(w, req)
	if e == nil {
		return
	}
	sub, err := parseSubscription(io.LimitReader(req.Body, 1<<16))
	if err != nil {
		writeError(w, http.StatusBadRequest, "ValidationError", err.Error())
		return
	}
	r.telemetry.subscribe(sub)
	_, _ = w.Write([]byte("OK"))
}
