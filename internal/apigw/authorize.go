package apigw

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/httpevent"
)

// authorizerTimeout bounds a Lambda authorizer's invocation.
const authorizerTimeout = 10 * time.Second

// authorize runs the route's authorizer, if it has one, and reports
// whether the request may go on; when not, it has been answered: 401 when
// an identity source is missing, 403 when denied, 500 when the authorizer
// failed.
func (s *Server) authorize(x *exchange) bool {
	r := x.match.route
	if r.AuthorizationType != "CUSTOM" {
		return true
	}
	au := x.config.Authorizers[r.AuthorizerID]
	if au == nil {
		x.fail(http.StatusInternalServerError, "Internal Server Error")
		return false
	}
	identity, ok := x.identity(au.IdentitySource)
	if !ok {
		x.fail(http.StatusUnauthorized, "Unauthorized")
		return false
	}
	d, ok := s.decide(x, au, identity)
	if !ok {
		return false
	}
	if !d.allows(s.routeARN(x)) {
		x.fail(http.StatusForbidden, "Forbidden")
		return false
	}
	x.decision = &d
	return true
}

// decide asks the authorizer, or its cache, about the request.
func (s *Server) decide(x *exchange, au *Authorizer, identity []string) (decision, bool) {
	caching := au.AuthorizerResultTTLInSeconds > 0 && len(au.IdentitySource) > 0
	key := cacheKey(x.api.APIID, x.stage.StageName, au, identity)
	if caching {
		if d, ok := s.cache.get(key, s.now()); ok {
			return d, true
		}
	}
	d, err := s.askAuthorizer(x, au, identity)
	if err != nil {
		x.rejected(s, "authorizer", err)
		return decision{}, false
	}
	if caching {
		s.cache.put(key, d, s.now().Add(time.Duration(au.AuthorizerResultTTLInSeconds)*time.Second))
	}
	return d, true
}

var errAuthorizerFailed = errors.New("authorizer function failed")

// askAuthorizer invokes the authorizer's function with the request.
func (s *Server) askAuthorizer(x *exchange, au *Authorizer, identity []string) (decision, error) {
	ref, err := lambdaFunction(au.AuthorizerURI, x.stage.StageVariables)
	if err != nil {
		return decision{}, err
	}
	if err := s.permitted(x.r.Context(), ref, s.executeAPIARN(x.api.APIID, "authorizers/"+au.AuthorizerID)); err != nil {
		return decision{}, err
	}
	event, err := s.authorizerEvent(x, au, identity)
	if err != nil {
		return decision{}, err
	}
	res, err := s.invokeWithin(x, ref, event, authorizerTimeout)
	switch {
	case err != nil:
		return decision{}, err
	case res.FunctionError != "":
		return decision{}, errAuthorizerFailed
	}
	return parseDecision(res.Payload, au.EnableSimpleResponses)
}

// authorizerEvent is the request as the authorizer's payload format shows
// it: the integration's event of that format without the body, with the
// route's ARN and the identity sources' values.
func (s *Server) authorizerEvent(x *exchange, au *Authorizer, identity []string) ([]byte, error) {
	in := s.info(x)
	var event any = httpevent.NewRequest(x.r, nil, in)
	arnKey := "routeArn"
	if au.AuthorizerPayloadFormatVersion == "1.0" {
		event, arnKey = httpevent.NewRequestV1(x.r, nil, in, resourcePath(x.match), nil), "methodArn"
	}
	data, err := json.Marshal(event)
	if err != nil {
		return nil, err
	}
	var ev map[string]any
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, err
	}
	delete(ev, "body")
	delete(ev, "isBase64Encoded")
	ev["type"], ev[arnKey] = "REQUEST", s.routeARN(x)
	if au.AuthorizerPayloadFormatVersion == "1.0" {
		ev["identitySource"] = strings.Join(identity, ",")
		ev["authorizationToken"] = ev["identitySource"]
	} else {
		ev["identitySource"] = identity
	}
	return json.Marshal(ev)
}

// routeARN is the ARN an authorizer's policy is judged against:
// <api-id>/<stage>/<method>/<path within the stage>.
func (s *Server) routeARN(x *exchange) string {
	return s.executeAPIARN(x.api.APIID, x.stage.StageName+"/"+x.r.Method+x.path)
}

// identity is the values of the identity sources; ok is false when one is
// missing or empty.
func (x *exchange) identity(sources []string) ([]string, bool) {
	values := make([]string, 0, len(sources))
	for _, src := range sources {
		v := x.identityValue(src)
		if v == "" {
			return nil, false
		}
		values = append(values, v)
	}
	return values, true
}

func (x *exchange) identityValue(src string) string {
	if name, ok := strings.CutPrefix(src, "$request.header."); ok {
		return strings.Join(x.r.Header.Values(name), ",")
	}
	if name, ok := strings.CutPrefix(src, "$request.querystring."); ok {
		return strings.Join(x.r.URL.Query()[name], ",")
	}
	if name, ok := strings.CutPrefix(src, "$stageVariables."); ok {
		return x.stage.StageVariables[name]
	}
	if name, ok := strings.CutPrefix(src, "$context."); ok {
		return x.contextValue(name)
	}
	return ""
}

// contextValue is one of the $context variables an identity source may
// name.
func (x *exchange) contextValue(name string) string {
	switch name {
	case "requestId":
		return x.id
	case "apiId":
		return x.api.APIID
	case "stage":
		return x.stage.StageName
	case "routeKey":
		return x.match.route.RouteKey
	case "httpMethod":
		return x.r.Method
	case "path":
		return x.r.URL.Path
	case "domainName":
		return x.domain
	}
	return ""
}

// authorizerV2 is requestContext.authorizer of payload 2.0: the
// authorizer's context as {"lambda": context}.
func (x *exchange) authorizerV2() *httpevent.Authorizer {
	if x.decision == nil {
		return nil
	}
	ctx := x.decision.Context
	if ctx == nil {
		ctx = map[string]any{}
	}
	return &httpevent.Authorizer{Lambda: ctx}
}

// authorizerV1 is requestContext.authorizer of payload 1.0: the context's
// members and the principal.
func (x *exchange) authorizerV1() any {
	d := x.decision
	if d == nil {
		return nil
	}
	out := map[string]any{}
	for k, v := range d.Context {
		out[k] = v
	}
	if d.PrincipalID != "" {
		out["principalId"] = d.PrincipalID
	}
	return out
}
