// Package api is the HTTP surface of Virga: the Lambda API (rest-json), the
// CloudWatch Logs API (json 1.1), STS's GetCallerIdentity and a subset of IAM
// (query protocol) and the few /_virga endpoints. Every
// request is authenticated with AWS Signature Version 4; handlers return
// errors and one table turns them into AWS's error responses.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/sigv4"
)

// Control is the part of the control plane the API calls.
type Control interface {
	CreateFunction(ctx context.Context, in control.CreateFunctionInput) (lambda.FunctionConfiguration, error)
	GetFunction(ctx context.Context, ref arn.Function) (control.Function, error)
	ListFunctions(ctx context.Context, marker string, maxItems int, all bool) ([]lambda.FunctionConfiguration, string, error)
	UpdateFunctionCode(ctx context.Context, ref arn.Function, in control.UpdateCodeInput) (lambda.FunctionConfiguration, error)
	UpdateFunctionConfiguration(ctx context.Context, ref arn.Function, in control.UpdateConfigInput) (lambda.FunctionConfiguration, error)
	DeleteFunction(ctx context.Context, ref arn.Function) error
	ListTags(ctx context.Context, resource string) (map[string]string, error)
	TagResource(ctx context.Context, resource string, tags map[string]string) error
	UntagResource(ctx context.Context, resource string, keys []string) error
	AccountSettings(ctx context.Context) (control.AccountLimit, control.AccountUsage, error)
	Code(ctx context.Context, blob string) ([]byte, error)

	PublishVersion(ctx context.Context, ref arn.Function, in control.PublishVersionInput) (lambda.FunctionConfiguration, error)
	ListVersionsByFunction(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.FunctionConfiguration, string, error)

	CreateAlias(ctx context.Context, ref arn.Function, in control.AliasInput) (lambda.Alias, error)
	GetAlias(ctx context.Context, ref arn.Function, alias string) (lambda.Alias, error)
	UpdateAlias(ctx context.Context, ref arn.Function, in control.AliasInput) (lambda.Alias, error)
	DeleteAlias(ctx context.Context, ref arn.Function, alias string) error
	ListAliases(ctx context.Context, ref arn.Function, functionVersion, marker string, maxItems int) ([]lambda.Alias, string, error)

	PutFunctionConcurrency(ctx context.Context, ref arn.Function, n *int) (int, error)
	GetFunctionConcurrency(ctx context.Context, ref arn.Function) (*int, error)
	DeleteFunctionConcurrency(ctx context.Context, ref arn.Function) error

	PutProvisionedConcurrency(ctx context.Context, ref arn.Function, n *int) (lambda.ProvisionedConcurrency, error)
	GetProvisionedConcurrency(ctx context.Context, ref arn.Function) (lambda.ProvisionedConcurrency, error)
	DeleteProvisionedConcurrency(ctx context.Context, ref arn.Function) error
	ListProvisionedConcurrency(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.ProvisionedConcurrency, string, error)

	PutFunctionEventInvokeConfig(ctx context.Context, ref arn.Function, in control.EventConfigInput) (lambda.EventInvokeConfig, error)
	UpdateFunctionEventInvokeConfig(ctx context.Context, ref arn.Function, in control.EventConfigInput) (lambda.EventInvokeConfig, error)
	GetFunctionEventInvokeConfig(ctx context.Context, ref arn.Function) (lambda.EventInvokeConfig, error)
	DeleteFunctionEventInvokeConfig(ctx context.Context, ref arn.Function) error
	ListFunctionEventInvokeConfigs(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.EventInvokeConfig, string, error)

	AddPermission(ctx context.Context, ref arn.Function, in control.PermissionInput) (lambda.Statement, error)
	GetPolicy(ctx context.Context, ref arn.Function) (lambda.Policy, string, error)
	RemovePermission(ctx context.Context, ref arn.Function, sid, revisionID string) error

	PublishLayerVersion(ctx context.Context, layerName string, in control.PublishLayerVersionInput) (control.LayerVersion, error)
	GetLayerVersion(ctx context.Context, layerName string, version int64) (control.LayerVersion, error)
	GetLayerVersionByArn(ctx context.Context, versionARN string) (control.LayerVersion, error)
	ListLayers(ctx context.Context, f control.LayerFilter, marker string, maxItems int) ([]lambda.LayersListItem, string, error)
	ListLayerVersions(ctx context.Context, layerName string, f control.LayerFilter, marker string, maxItems int) ([]lambda.LayerVersionsListItem, string, error)
	DeleteLayerVersion(ctx context.Context, layerName string, version int64) error
	AddLayerVersionPermission(ctx context.Context, layerName string, version int64, in control.LayerPermissionInput) (statement, revisionID string, err error)
	GetLayerVersionPolicy(ctx context.Context, layerName string, version int64) (policy, revisionID string, err error)
	RemoveLayerVersionPermission(ctx context.Context, layerName string, version int64, statementID, revisionID string) error
}

// Invoker runs functions.
type Invoker interface {
	Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// Verifier authenticates requests.
type Verifier interface {
	Verify(r *http.Request, body []byte, now time.Time) (sigv4.Identity, error)
}

// Config is what the API needs besides its collaborators.
type Config struct {
	Region string
	// Account is the administrator's account, which owns every function.
	Account string
	// Metrics, when set, is served unauthenticated at GET /metrics.
	Metrics http.Handler
	Logger  *slog.Logger
}

// Server serves the APIs.
type Server struct {
	cfg     Config
	control Control
	invoker Invoker
	auth    Verifier
	logs    Logs
	meter   Usage
	iam     IAM
	actions map[string]queryAction
	log     *slog.Logger
}

// New wires the API.
func New(cfg Config, c Control, inv Invoker, auth Verifier, lr Logs, u Usage, roles IAM) *Server {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	s := &Server{cfg: cfg, control: c, invoker: inv, auth: auth, logs: lr, meter: u, iam: roles, log: log.With("component", "api")}
	s.actions = s.queryActions()
	return s
}
