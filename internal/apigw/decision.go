package apigw

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/virga-dev/virga/internal/lambda"
)

// decision is what a Lambda authorizer answered: a simple response, or an
// IAM policy judged against each request's route ARN.
type decision struct {
	Simple      bool            `json:"simple"`
	Authorized  bool            `json:"authorized"`
	Policy      *policyDocument `json:"policy,omitempty"`
	PrincipalID string          `json:"principalId,omitempty"`
	Context     map[string]any  `json:"context,omitempty"`
}

// allows reports whether the decision lets the request to routeARN in.
func (d decision) allows(routeARN string) bool {
	if d.Simple {
		return d.Authorized
	}
	return d.Policy.allows(routeARN)
}

var errMalformedAuth = errors.New("malformed authorizer response")

// parseDecision reads an authorizer's answer: {"isAuthorized", "context"}
// when simple responses are on, an IAM policy response otherwise.
func parseDecision(payload []byte, simple bool) (decision, error) {
	if simple {
		var r struct {
			IsAuthorized *bool          `json:"isAuthorized"`
			Context      map[string]any `json:"context"`
		}
		if err := json.Unmarshal(payload, &r); err != nil || r.IsAuthorized == nil {
			return decision{}, fmt.Errorf("%w: no isAuthorized boolean in %.200s", errMalformedAuth, payload)
		}
		return decision{Simple: true, Authorized: *r.IsAuthorized, Context: r.Context}, nil
	}
	var r struct {
		PrincipalID    any             `json:"principalId"`
		PolicyDocument *policyDocument `json:"policyDocument"`
		Context        map[string]any  `json:"context"`
	}
	if err := json.Unmarshal(payload, &r); err != nil || r.PolicyDocument == nil {
		return decision{}, fmt.Errorf("%w: no policyDocument in %.200s", errMalformedAuth, payload)
	}
	principal := ""
	if r.PrincipalID != nil {
		principal = fmt.Sprint(r.PrincipalID)
	}
	return decision{Policy: r.PolicyDocument, PrincipalID: principal, Context: r.Context}, nil
}

// policyDocument is the IAM policy an authorizer returns.
type policyDocument struct {
	Version   string        `json:"Version"`
	Statement statementList `json:"Statement"`
}

type policyStatement struct {
	Effect   string     `json:"Effect"`
	Action   stringList `json:"Action"`
	Resource stringList `json:"Resource"`
}

// allows applies the policy to an execute-api:Invoke of routeARN: an
// explicit Deny wins, then any Allow; nothing matching denies.
func (p *policyDocument) allows(routeARN string) bool {
	allowed := false
	for _, st := range p.Statement {
		if !st.Action.any(func(a string) bool { return lambda.Like(strings.ToLower(a), "execute-api:invoke") }) ||
			!st.Resource.any(func(r string) bool { return lambda.Like(r, routeARN) }) {
			continue
		}
		switch st.Effect {
		case "Deny":
			return false
		case "Allow":
			allowed = true
		}
	}
	return allowed
}

// statementList is one statement or a list of them.
type statementList []policyStatement

func (l *statementList) UnmarshalJSON(data []byte) error {
	var one policyStatement
	if json.Unmarshal(data, &one) == nil {
		*l = statementList{one}
		return nil
	}
	return json.Unmarshal(data, (*[]policyStatement)(l))
}

// stringList is one string or a list of them.
type stringList []string

func (s *stringList) UnmarshalJSON(data []byte) error {
	var one string
	if json.Unmarshal(data, &one) == nil {
		*s = stringList{one}
		return nil
	}
	return json.Unmarshal(data, (*[]string)(s))
}

func (s stringList) any(f func(string) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}
