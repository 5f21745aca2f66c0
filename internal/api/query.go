package api

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"

	"github.com/virga-dev/virga/internal/lambda"
)

// XML namespaces of the query-protocol services served at "/".
const (
	stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
	iamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"
)

// root serves the protocols that post to "/": CloudWatch Logs (json 1.1,
// chosen by X-Amz-Target), and STS and IAM (the form-encoded query
// protocol, chosen by Action).
func (s *Server) root(c *call) error {
	if op, ok := logsOperation(c.r); ok {
		return s.logsAPI(c, op)
	}
	return s.query(c)
}

// logsOperation is the CloudWatch Logs operation a request to "/" names.
func logsOperation(r *http.Request) (string, bool) {
	return strings.CutPrefix(r.Header.Get("X-Amz-Target"), "Logs_20140328.")
}

// queryHandler serves one query-protocol action; what it returns becomes
// the action's Result element (nil: none).
type queryHandler func(c *call, f form) (any, error)

// queryAction is an action of a query-protocol service.
type queryAction struct {
	namespace string
	h         queryHandler
}

// queryActions is every action served by the query protocol, in one table.
func (s *Server) queryActions() map[string]queryAction {
	sts := func(h queryHandler) queryAction { return queryAction{stsNamespace, h} }
	iam := func(h queryHandler) queryAction { return queryAction{iamNamespace, h} }
	return map[string]queryAction{
		"GetCallerIdentity": sts(s.getCallerIdentity),

		"CreateRole":                  iam(s.createRole),
		"GetRole":                     iam(s.getRole),
		"UpdateRole":                  iam(s.updateRole),
		"DeleteRole":                  iam(s.deleteRole),
		"ListRoles":                   iam(s.listRoles),
		"UpdateAssumeRolePolicy":      iam(s.updateAssumeRolePolicy),
		"TagRole":                     iam(s.tagRole),
		"UntagRole":                   iam(s.untagRole),
		"ListRoleTags":                iam(s.listRoleTags),
		"ListInstanceProfilesForRole": iam(s.listInstanceProfilesForRole),
		"PutRolePolicy":               iam(s.putRolePolicy),
		"GetRolePolicy":               iam(s.getRolePolicy),
		"DeleteRolePolicy":            iam(s.deleteRolePolicy),
		"ListRolePolicies":            iam(s.listRolePolicies),
		"AttachRolePolicy":            iam(s.attachRolePolicy),
		"DetachRolePolicy":            iam(s.detachRolePolicy),
		"ListAttachedRolePolicies":    iam(s.listAttachedRolePolicies),
		"CreatePolicy":                iam(s.createPolicy),
		"GetPolicy":                   iam(s.getManagedPolicy),
		"GetPolicyVersion":            iam(s.getPolicyVersion),
		"ListPolicyVersions":          iam(s.listPolicyVersions),
		"DeletePolicy":                iam(s.deletePolicy),
	}
}

func (s *Server) query(c *call) error {
	values, err := url.ParseQuery(string(c.body))
	if err != nil {
		return lambda.Errorf(lambda.ErrInvalidRequestContent, "Could not parse the form body: %v", err)
	}
	f := form(values)
	name := f.get("Action")
	action, ok := s.actions[name]
	if !ok {
		return queryError{code: "InvalidAction", message: "Could not find operation " + name + " for version " + f.get("Version")}
	}
	result, err := action.h(c, f)
	if err != nil {
		return err
	}
	return c.queryResult(action.namespace, name, result)
}

// queryResult writes AWS's envelope:
// <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata></ActionResponse>.
func (c *call) queryResult(namespace, action string, result any) error {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	start := xml.StartElement{Name: xml.Name{Local: action + "Response"}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: namespace}}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	if result != nil {
		if err := enc.EncodeElement(result, xml.StartElement{Name: xml.Name{Local: action + "Result"}}); err != nil {
			return err
		}
	}
	meta := struct{ RequestId string }{c.requestID}
	if err := enc.EncodeElement(meta, xml.StartElement{Name: xml.Name{Local: "ResponseMetadata"}}); err != nil {
		return err
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", "text/xml")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(buf.Bytes())
	return nil
}

type callerIdentity struct {
	Arn     string
	UserId  string
	Account string
}

func (s *Server) getCallerIdentity(c *call, _ form) (any, error) {
	account := c.identity.Key.Account
	return callerIdentity{Arn: "arn:aws:iam::" + account + ":root", UserId: account, Account: account}, nil
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

// writeQueryError writes the query protocol's error body, in the namespace
// of the service the request was signed for.
func writeQueryError(c *call, we wireError) {
	var body queryErrorBody
	body.Xmlns = stsNamespace
	if c.identity.Service == "iam" {
		body.Xmlns = iamNamespace
	}
	body.Error.Type, body.Error.Code, body.Error.Message = "Sender", we.code, we.message
	if we.fault == "Service" {
		body.Error.Type = "Receiver"
	}
	body.RequestID = c.requestID
	_ = c.xml(we.status, body)
}
