package api

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"

	"github.com/virga-dev/virga/internal/lambda"
)

// root serves the protocols that post to "/": CloudWatch Logs (json 1.1,
// chosen by X-Amz-Target) and STS (the form-encoded query protocol).
func (s *Server) root(c *call) error {
	if op, ok := strings.CutPrefix(c.r.Header.Get("X-Amz-Target"), logsTarget); ok {
		return s.logsAPI(c, op)
	}
	return s.query(c)
}

func (s *Server) query(c *call) error {
	form, err := url.ParseQuery(string(c.body))
	if err != nil {
		return lambda.Errorf(lambda.ErrInvalidRequestContent, "Could not parse the form body: %v", err)
	}
	switch form.Get("Action") {
	case "GetCallerIdentity":
		return s.getCallerIdentity(c)
	}
	return queryError{code: "InvalidAction", message: "Could not find operation " + form.Get("Action") + " for version " + form.Get("Version")}
}

type callerIdentity struct {
	XMLName xml.Name `xml:"GetCallerIdentityResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Arn     string
		UserId  string
		Account string
	} `xml:"GetCallerIdentityResult"`
	RequestID string `xml:"ResponseMetadata>RequestId"`
}

func (s *Server) getCallerIdentity(c *call) error {
	var out callerIdentity
	out.Xmlns = "https://sts.amazonaws.com/doc/2011-06-15/"
	account := c.identity.Key.Account
	out.Result.Arn = "arn:aws:iam::" + account + ":root"
	out.Result.UserId = account
	out.Result.Account = account
	out.RequestID = c.requestID
	return c.xml(http.StatusOK, out)
}

func (c *call) xml(status int, v any) error {
	data, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", "text/xml")
	c.w.WriteHeader(status)
	_, _ = c.w.Write(data)
	return nil
}

// queryError is an error of a query-protocol action.
type queryError struct{ code, message string }

func (e queryError) Error() string { return e.message }

// isQuery reports whether the request speaks the query protocol.
func isQuery(r *http.Request) bool {
	return r.URL.Path == "/" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
}

type queryErrorBody struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string
		Code    string
		Message string
	}
	RequestID string `xml:"RequestId"`
}

func writeQueryError(c *call, we wireError) {
	var body queryErrorBody
	body.Xmlns = "https://sts.amazonaws.com/doc/2011-06-15/"
	body.Error.Type, body.Error.Code, body.Error.Message = "Sender", we.code, we.message
	if we.fault == "Service" {
		body.Error.Type = "Receiver"
	}
	body.RequestID = c.requestID
	_ = c.xml(we.status, body)
}
