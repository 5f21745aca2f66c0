package apigw

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// Bucket holds the APIs, one JSON value per API id.
type Bucket interface {
	store.KV
	Keys(ctx context.Context) ([]string, error)
}

// Invoker runs functions.
type Invoker interface {
	Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// Policies reads functions' resource-based policies.
type Policies interface {
	GetPolicy(ctx context.Context, ref arn.Function) (lambda.Policy, string, error)
}

// Config is what the service needs besides its collaborators.
type Config struct {
	Region string
	// Account is the administrator's account, which owns every API.
	Account string
	// Scheme, Domain and Port spell invoke URLs with the server's public
	// address: <scheme>://<api-id>.<domain>[:<port>]; Domain is
	// "execute-api.localhost" by default.
	Scheme, Domain, Port string
	Logger               *slog.Logger
}

// Server serves the HTTP API operations and the invoke URLs.
type Server struct {
	cfg      Config
	apis     Bucket
	invoker  Invoker
	policies Policies
	cache    *authCache
	log      *slog.Logger
	now      func() time.Time
}

// New builds the service over its bucket; invoker and policies serve the
// invoke URLs.
func New(cfg Config, apis Bucket, invoker Invoker, policies Policies) *Server {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Server{cfg: cfg, apis: apis, invoker: invoker, policies: policies, cache: newAuthCache(),
		log: log.With("component", "apigw"), now: time.Now}
}

// Service is the apigatewayv2 API as the front door serves it.
func (s *Server) Service() *awsproto.Service {
	return &awsproto.Service{
		Name:      "apigateway",
		Protocols: []awsproto.Protocol{awsproto.NewRestJSON(s.judged(s.operations()))},
		Errors:    errorCodes,
	}
}

// operations is every route in one table.
func (s *Server) operations() []awsproto.Operation {
	return []awsproto.Operation{
		op("CreateApi", "POST /v2/apis", s.createAPI),
		op("GetApis", "GET /v2/apis", s.getAPIs),
		op("GetApi", "GET /v2/apis/{apiId}", s.getAPI),
		op("UpdateApi", "PATCH /v2/apis/{apiId}", s.updateAPI),
		op("DeleteApi", "DELETE /v2/apis/{apiId}", s.deleteAPI),
		op("DeleteCorsConfiguration", "DELETE /v2/apis/{apiId}/cors", s.deleteCors),
		op("CreateRoute", "POST /v2/apis/{apiId}/routes", s.createRoute),
		op("GetRoutes", "GET /v2/apis/{apiId}/routes", s.getRoutes),
		op("GetRoute", "GET /v2/apis/{apiId}/routes/{routeId}", s.getRoute),
		op("UpdateRoute", "PATCH /v2/apis/{apiId}/routes/{routeId}", s.updateRoute),
		op("DeleteRoute", "DELETE /v2/apis/{apiId}/routes/{routeId}", s.deleteRoute),
		op("CreateIntegration", "POST /v2/apis/{apiId}/integrations", s.createIntegration),
		op("GetIntegrations", "GET /v2/apis/{apiId}/integrations", s.getIntegrations),
		op("GetIntegration", "GET /v2/apis/{apiId}/integrations/{integrationId}", s.getIntegration),
		op("UpdateIntegration", "PATCH /v2/apis/{apiId}/integrations/{integrationId}", s.updateIntegration),
		op("DeleteIntegration", "DELETE /v2/apis/{apiId}/integrations/{integrationId}", s.deleteIntegration),
		op("CreateAuthorizer", "POST /v2/apis/{apiId}/authorizers", s.createAuthorizer),
		op("GetAuthorizers", "GET /v2/apis/{apiId}/authorizers", s.getAuthorizers),
		op("GetAuthorizer", "GET /v2/apis/{apiId}/authorizers/{authorizerId}", s.getAuthorizer),
		op("UpdateAuthorizer", "PATCH /v2/apis/{apiId}/authorizers/{authorizerId}", s.updateAuthorizer),
		op("DeleteAuthorizer", "DELETE /v2/apis/{apiId}/authorizers/{authorizerId}", s.deleteAuthorizer),
		op("CreateStage", "POST /v2/apis/{apiId}/stages", s.createStage),
		op("GetStages", "GET /v2/apis/{apiId}/stages", s.getStages),
		op("GetStage", "GET /v2/apis/{apiId}/stages/{stageName}", s.getStage),
		op("UpdateStage", "PATCH /v2/apis/{apiId}/stages/{stageName}", s.updateStage),
		op("DeleteStage", "DELETE /v2/apis/{apiId}/stages/{stageName}", s.deleteStage),
		op("ResetAuthorizersCache", "DELETE /v2/apis/{apiId}/stages/{stageName}/cache/authorizers", s.resetAuthorizersCache),
		op("CreateDeployment", "POST /v2/apis/{apiId}/deployments", s.createDeployment),
		op("GetDeployments", "GET /v2/apis/{apiId}/deployments", s.getDeployments),
		op("GetDeployment", "GET /v2/apis/{apiId}/deployments/{deploymentId}", s.getDeployment),
		op("DeleteDeployment", "DELETE /v2/apis/{apiId}/deployments/{deploymentId}", s.deleteDeployment),
		op("GetTags", "GET /v2/tags/{arn}", s.getTags),
		op("TagResource", "POST /v2/tags/{arn}", s.tagResource),
		op("UntagResource", "DELETE /v2/tags/{arn}", s.untagResource),
	}
}

// call is one request to an operation.
type call struct{ *awsproto.Call }

func op(name, route string, h func(c *call) error) awsproto.Operation {
	return awsproto.Operation{Name: name, Route: route, Handle: func(c *awsproto.Call) error { return h(&call{c}) }}
}

// errorCodes is the one table from error kind to apigatewayv2's errors.
var errorCodes = awsproto.Errors{
	aws.ErrNotFound:         {Code: "NotFoundException", Status: http.StatusNotFound},
	aws.ErrInvalid:          {Code: "BadRequestException", Status: http.StatusBadRequest},
	aws.ErrValidation:       {Code: "BadRequestException", Status: http.StatusBadRequest},
	aws.ErrMalformed:        {Code: "BadRequestException", Status: http.StatusBadRequest},
	aws.ErrTooLarge:         {Code: "BadRequestException", Status: http.StatusBadRequest},
	aws.ErrUnknownOperation: {Code: "NotFoundException", Status: http.StatusNotFound},
	aws.ErrConflict:         {Code: "ConflictException", Status: http.StatusConflict},
	aws.ErrAlreadyExists:    {Code: "ConflictException", Status: http.StatusConflict},
	aws.ErrLimitExceeded:    {Code: "TooManyRequestsException", Status: http.StatusTooManyRequests},
	aws.ErrThrottled:        {Code: "TooManyRequestsException", Status: http.StatusTooManyRequests},
	aws.ErrAccessDenied:     {Code: "AccessDeniedException", Status: http.StatusForbidden, Capital: true},
	aws.ErrUnauthenticated:  {Code: "AccessDeniedException", Status: http.StatusForbidden, Capital: true},
	aws.ErrInternal:         {Code: "InternalServerErrorException", Status: http.StatusInternalServerError},
}
