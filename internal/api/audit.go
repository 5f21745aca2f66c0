package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/audit"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
)

// Auditor keeps the audit trail.
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// record puts a call in the audit trail when it wrote, or was refused; reads
// and the data plane's high-volume operations that succeed are left out.
func (s *Server) record(c *awsproto.Call, svc *awsproto.Service, err error) {
	refused := errors.Is(err, aws.ErrAccessDenied) || errors.Is(err, aws.ErrUnauthenticated)
	if s.cfg.Audit == nil || !refused && (c.Operation == nil || unaudited(c.Operation.Name)) {
		return
	}
	e := s.event(c, svc)
	if err != nil {
		f, _ := svc.Errors.Fault(err)
		e.ErrorCode, e.ErrorMessage = f.Code, f.Message
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.R.Context()), 5*time.Second)
	defer cancel()
	s.store(ctx, e)
	if refused && e.RecipientAccountID != s.cfg.Account {
		e.RecipientAccountID = s.cfg.Account // the operator sees every refusal
		s.store(ctx, e)
	}
}

func (s *Server) store(ctx context.Context, e audit.Event) {
	if err := s.cfg.Audit.Record(ctx, e); err != nil {
		s.log.ErrorContext(ctx, "audit event lost", "event", e.EventName, "err", err)
	}
}

// event is the call as CloudTrail records it.
func (s *Server) event(c *awsproto.Call, svc *awsproto.Service) audit.Event {
	name := "Unknown"
	if c.Operation != nil {
		name = c.Operation.Name
	}
	e := audit.Event{
		EventVersion: "1.08", EventID: lambda.NewUUID(), EventTime: time.Now().UTC(), EventSource: svc.Name + ".amazonaws.com",
		EventName: name, AWSRegion: c.Identity.Region, SourceIPAddress: c.SourceIP(), UserAgent: c.R.UserAgent(),
		UserIdentity: identityOf(c), RequestParameters: parameters(c), RequestID: c.RequestID, ReadOnly: readOnly(name),
		EventType: "AwsApiCall", RecipientAccountID: c.Account(),
	}
	if e.RecipientAccountID == "" {
		e.RecipientAccountID = s.cfg.Account // unsigned, or signed by no key Virga knows
	}
	if c.Operation != nil && c.Identity.Key.Account != "" {
		if r, err := resourceOf(c); err == nil && r != "*" {
			e.Resources = []string{r}
		}
	}
	return e
}

// identityOf is the caller as CloudTrail names it; empty for a request
// whose signature did not hold.
func identityOf(c *awsproto.Call) audit.Identity {
	key := c.Identity.Key
	switch {
	case key.Account == "":
		return audit.Identity{}
	case key.Role.ARN != "":
		return audit.Identity{Type: "AssumedRole", PrincipalID: key.UserID(), ARN: key.Principal(), AccountID: key.Account,
			AccessKeyID: key.AccessKeyID, UserName: key.Role.Session}
	}
	return audit.Identity{Type: "Root", PrincipalID: key.Account, ARN: key.Principal(), AccountID: key.Account,
		AccessKeyID: key.AccessKeyID, UserName: "root"}
}

// readOnly reports operations that change nothing, by AWS's naming.
func readOnly(op string) bool {
	for _, p := range []string{"Get", "List", "Describe", "Lookup", "Filter", "Head", "Search"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return cryptoOps[op]
}

// cryptoOps are KMS's operations that use a key without changing it,
// which CloudTrail marks read-only.
var cryptoOps = map[string]bool{"Encrypt": true, "Decrypt": true, "ReEncrypt": true, "GenerateDataKey": true, "GenerateDataKeyWithoutPlaintext": true}

// dataPlane are the writes of the data plane, too many to record when
// they succeed (CloudTrail's data events, off by default).
var dataPlane = map[string]bool{
	"InvokeFunction": true, "InvokeAsync": true, "SendMessage": true, "SendMessageBatch": true,
	"ReceiveMessage": true, "DeleteMessage": true, "DeleteMessageBatch": true, "ChangeMessageVisibility": true,
	"ChangeMessageVisibilityBatch": true, "Publish": true, "PublishBatch": true, "PutEvents": true, "PutLogEvents": true,
}

// unaudited are the operations recorded only when refused.
func unaudited(op string) bool { return readOnly(op) || dataPlane[op] }

// parameters are the request's naming members — names, ARNs, ids, URLs —
// and its path: enough to find an event by what it acted on, never the
// values (code, environment, plaintext, messages) a request carries.
func parameters(c *awsproto.Call) map[string]string {
	out := map[string]string{}
	if p := c.R.URL.Path; p != "/" && p != "" {
		out["path"] = p
	}
	for k, v := range bodyStrings(c) {
		if len(out) < 10 && naming(k) {
			out[k] = clip(v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// bodyStrings are the top-level string members of a JSON body, or the
// fields of a form.
func bodyStrings(c *awsproto.Call) map[string]string {
	out := map[string]string{}
	var obj map[string]any
	if json.Unmarshal(c.Body, &obj) == nil {
		for k, v := range obj {
			if s, ok := v.(string); ok {
				out[k] = s
			}
		}
		return out
	}
	if form, err := url.ParseQuery(string(c.Body)); err == nil && strings.Contains(c.R.Header.Get("Content-Type"), "form") {
		for k, v := range form {
			out[k] = v[0]
		}
	}
	return out
}

func naming(member string) bool {
	m := strings.ToLower(member)
	for _, suffix := range []string{"name", "arn", "id", "url", "identifier"} {
		if strings.HasSuffix(m, suffix) {
			return true
		}
	}
	return false
}

func clip(s string) string {
	if len(s) > 256 {
		return s[:256]
	}
	return s
}
