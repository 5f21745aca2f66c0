package apigw

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// apiInput is CreateApi's and UpdateApi's request; nil leaves a setting as
// it is.
type apiInput struct {
	Name                      *string           `json:"name"`
	ProtocolType              *string           `json:"protocolType"`
	Description               *string           `json:"description"`
	Version                   *string           `json:"version"`
	RouteSelectionExpression  *string           `json:"routeSelectionExpression"`
	APIKeySelectionExpression *string           `json:"apiKeySelectionExpression"`
	CorsConfiguration         *Cors             `json:"corsConfiguration"`
	DisableExecuteAPIEndpoint *bool             `json:"disableExecuteApiEndpoint"`
	DisableSchemaValidation   *bool             `json:"disableSchemaValidation"`
	IPAddressType             *string           `json:"ipAddressType"`
	Target                    *string           `json:"target"`
	RouteKey                  *string           `json:"routeKey"`
	CredentialsArn            *string           `json:"credentialsArn"`
	Tags                      map[string]string `json:"tags"`
}

const (
	httpRouteSelection  = "$request.method $request.path"
	apiKeySelection     = "$request.header.x-api-key"
	managedPayload      = "2.0"
	defaultTimeoutMs    = 30000
	defaultStage        = "$default"
	invocationsMethod   = "POST"
	connectionTypePlain = "INTERNET"
)

func (s *Server) createAPI(c *call) error {
	var in apiInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if err := checkNewAPI(in); err != nil {
		return err
	}
	a := &API{
		ProtocolType: "HTTP", RouteSelectionExpression: httpRouteSelection, APIKeySelectionExpression: apiKeySelection,
		CreatedDate: s.now().UTC().Truncate(time.Second), Tags: in.Tags,
	}
	if err := s.applyAPI(a, in); err != nil {
		return err
	}
	if in.Target != nil {
		s.quickCreate(a, *in.Target, or(in.RouteKey, defaultRoute))
	}
	for {
		a.APIID = newID(apiIDLen)
		_, err := store.Modify(c.R.Context(), s.apis, a.APIID, func(v *API, exists bool) error {
			if exists {
				return errIDTaken
			}
			*v = *a
			return nil
		})
		switch {
		case errors.Is(err, errIDTaken):
			continue
		case err != nil:
			return err
		}
		return c.Reply(http.StatusCreated, s.view(a))
	}
}

// errIDTaken says that a new API's random id is another's.
var errIDTaken = errors.New("API id taken")

// checkNewAPI checks what only CreateApi takes.
func checkNewAPI(in apiInput) error {
	switch {
	case in.Name == nil:
		return aws.Errorf(aws.ErrInvalid, "Name is a required parameter.")
	case in.ProtocolType == nil:
		return aws.Errorf(aws.ErrInvalid, "ProtocolType is a required parameter.")
	case *in.ProtocolType == "WEBSOCKET":
		return aws.Errorf(aws.ErrInvalid, "Virga serves HTTP APIs only: WEBSOCKET APIs are not supported.")
	case *in.ProtocolType != "HTTP":
		return aws.Errorf(aws.ErrInvalid, "Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]")
	case in.RouteKey != nil && in.Target == nil:
		return aws.Errorf(aws.ErrInvalid, "RouteKey can be specified only together with Target.")
	}
	return checkTags(in.Tags)
}

// applyAPI checks and applies the settings CreateApi and UpdateApi share.
func (s *Server) applyAPI(a *API, in apiInput) error {
	if err := checkAPI(in); err != nil {
		return err
	}
	set(&a.Name, in.Name)
	set(&a.Description, in.Description)
	set(&a.Version, in.Version)
	set(&a.APIKeySelectionExpression, in.APIKeySelectionExpression)
	set(&a.IPAddressType, in.IPAddressType)
	set(&a.DisableExecuteAPIEndpoint, in.DisableExecuteAPIEndpoint)
	set(&a.DisableSchemaValidation, in.DisableSchemaValidation)
	if in.CorsConfiguration != nil {
		a.CorsConfiguration = in.CorsConfiguration
	}
	return nil
}

func checkAPI(in apiInput) error {
	switch {
	case in.Name != nil && (len(*in.Name) < 1 || len(*in.Name) > 128):
		return aws.Errorf(aws.ErrInvalid, "Invalid API name specified. Name must be between 1 and 128 characters.")
	case in.Description != nil && len(*in.Description) > 1024:
		return aws.Errorf(aws.ErrInvalid, "Description must be at most 1024 characters.")
	case in.RouteSelectionExpression != nil && *in.RouteSelectionExpression != httpRouteSelection:
		return aws.Errorf(aws.ErrInvalid, "Unsupported route selection expression for HTTP APIs. Only %s is supported.", httpRouteSelection)
	case in.IPAddressType != nil && *in.IPAddressType != "ipv4" && *in.IPAddressType != "dualstack":
		return aws.Errorf(aws.ErrInvalid, "Invalid IpAddressType %s. Must be one of [ipv4, dualstack]", *in.IPAddressType)
	case in.Target != nil:
		if err := checkLambdaURI(*in.Target); err != nil {
			return err
		}
	}
	if in.RouteKey != nil {
		if _, err := parseRouteKey(*in.RouteKey); err != nil {
			return err
		}
	}
	return checkCors(in.CorsConfiguration)
}

// quickCreate adds what a Target makes: a Lambda proxy integration, a
// route to it, and a $default stage that deploys automatically, all
// managed by API Gateway.
func (s *Server) quickCreate(a *API, target, key string) {
	a.Integrations = map[string]*Integration{}
	a.Routes = map[string]*Route{}
	in := &Integration{
		IntegrationID: unusedID(a.Integrations, integrationIDLen), IntegrationType: "AWS_PROXY", IntegrationURI: target,
		IntegrationMethod: invocationsMethod, ConnectionType: connectionTypePlain, PayloadFormatVersion: managedPayload,
		TimeoutInMillis: defaultTimeoutMs, APIGatewayManaged: true,
	}
	a.Integrations[in.IntegrationID] = in
	r := &Route{
		RouteID: unusedID(a.Routes, routeIDLen), RouteKey: key, Target: "integrations/" + in.IntegrationID,
		AuthorizationType: "NONE", APIGatewayManaged: true,
	}
	a.Routes[r.RouteID] = r
	now := a.CreatedDate
	st := &Stage{
		StageName: defaultStage, AutoDeploy: true, APIGatewayManaged: true, StageVariables: map[string]string{},
		Tags: map[string]string{}, RouteSettings: map[string]any{}, CreatedDate: now, LastUpdatedDate: now,
	}
	a.Stages = map[string]*Stage{defaultStage: st}
	s.deploy(a, st, autoDescription, true)
}

func (s *Server) getAPI(c *call) error {
	a, err := s.load(c.R.Context(), c.R.PathValue("apiId"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, s.view(a))
}

func (s *Server) getAPIs(c *call) error {
	limit, marker, err := c.page()
	if err != nil {
		return err
	}
	ids, err := s.ids(c.R.Context())
	if err != nil {
		return err
	}
	page, next := aws.PageFrom(ids, func(id string) string { return id }, marker, limit)
	items := make([]*API, 0, len(page))
	for _, id := range page {
		a, err := s.load(c.R.Context(), id)
		if err != nil {
			continue // deleted since listed
		}
		items = append(items, s.view(a))
	}
	return c.Reply(http.StatusOK, list(items, next))
}

func (s *Server) updateAPI(c *call) error {
	var in apiInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if in.ProtocolType != nil {
		return aws.Errorf(aws.ErrInvalid, "ProtocolType cannot be updated.")
	}
	a, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		if err := s.applyAPI(a, in); err != nil {
			return err
		}
		return s.retarget(a, in)
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, s.view(a))
}

// retarget applies UpdateApi's Target and RouteKey to the managed
// integration and route of a quick-created API.
func (s *Server) retarget(a *API, in apiInput) error {
	if in.Target == nil && in.RouteKey == nil {
		return nil
	}
	for _, r := range a.Routes {
		if !r.APIGatewayManaged {
			continue
		}
		set(&r.RouteKey, in.RouteKey)
		if in.Target != nil {
			if integ := a.Integrations[integrationOf(r.Target)]; integ != nil {
				integ.IntegrationURI = *in.Target
			}
		}
		return nil
	}
	return aws.Errorf(aws.ErrInvalid, "Target and RouteKey can be updated only on an API made by quick create.")
}

func (s *Server) deleteAPI(c *call) error {
	id := c.R.PathValue("apiId")
	_, err := store.Modify(c.R.Context(), s.apis, id, func(_ *API, exists bool) error {
		if !exists {
			return s.apiNotFound(id)
		}
		return store.Remove
	})
	if err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

func (s *Server) deleteCors(c *call) error {
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		a.CorsConfiguration = nil
		return nil
	})
	if err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

// view is the API as operations answer it: its own settings and endpoint.
func (s *Server) view(a *API) *API {
	v := &API{}
	*v = *a
	v.Routing, v.Stages, v.Deployments = Routing{}, nil, nil
	v.APIEndpoint = s.endpoint(a.APIID)
	return v
}

// endpoint is the API's invoke URL on Virga's public address.
func (s *Server) endpoint(id string) string {
	u := s.cfg.Scheme + "://" + id + s.HostSuffix()
	if s.cfg.Port != "" {
		u += ":" + s.cfg.Port
	}
	return u
}

// page reads the MaxResults and NextToken query parameters.
func (c *call) page() (int, string, error) {
	q := c.R.URL.Query()
	limit := 100
	if v := q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, "", aws.Errorf(aws.ErrInvalid, "Invalid MaxResults specified: %s", v)
		}
		limit = min(n, 500)
	}
	marker := ""
	if tok := q.Get("nextToken"); tok != "" {
		m, ok := aws.ParseToken(tok)
		if !ok {
			return 0, "", aws.Errorf(aws.ErrInvalid, "Invalid NextToken specified")
		}
		marker = m
	}
	return limit, marker, nil
}

// listed is a page of items as the Get… list operations answer.
type listed[T any] struct {
	Items     []T    `json:"items"`
	NextToken string `json:"nextToken,omitempty"`
}

func list[T any](items []T, next string) listed[T] {
	return listed[T]{Items: items, NextToken: aws.Token(next)}
}

// set copies *from into *to when from is not nil.
func set[T any](to *T, from *T) {
	if from != nil {
		*to = *from
	}
}

func or(v *string, fallback string) string {
	if v == nil {
		return fallback
	}
	return *v
}
