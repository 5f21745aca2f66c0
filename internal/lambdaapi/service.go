// Package lambdaapi is the Lambda API 2015-03-31 (rest-json) over the
// control plane and the invoker: validation of what arrives, AWS's shapes
// for what leaves, and the resource-based policies that let another account
// in. The front door (package api) dispatches to it.
package lambdaapi

import (
	"context"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
)

// Functions creates, reads, changes and deletes functions and their code.
type Functions interface {
	AccountSettings(ctx context.Context) (control.AccountLimit, control.AccountUsage, error)
	Code(ctx context.Context, blob string) ([]byte, error)
	CreateFunction(ctx context.Context, in control.CreateFunctionInput) (lambda.FunctionConfiguration, error)
	DeleteFunction(ctx context.Context, ref arn.Function) error
	GetFunction(ctx context.Context, ref arn.Function) (control.Function, error)
	ListFunctions(ctx context.Context, marker string, maxItems int, all bool) ([]lambda.FunctionConfiguration, string, error)
	UpdateFunctionCode(ctx context.Context, ref arn.Function, in control.UpdateCodeInput) (lambda.FunctionConfiguration, error)
	UpdateFunctionConfiguration(ctx context.Context, ref arn.Function, in control.UpdateConfigInput) (lambda.FunctionConfiguration, error)
	RecursionConfig(ctx context.Context, ref arn.Function) (string, error)
	PutRecursionConfig(ctx context.Context, ref arn.Function, loop *string) (string, error)
}

// Versions publishes versions and keeps aliases.
type Versions interface {
	PublishVersion(ctx context.Context, ref arn.Function, in control.PublishVersionInput) (lambda.FunctionConfiguration, error)
	ListVersionsByFunction(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.FunctionConfiguration, string, error)
	CreateAlias(ctx context.Context, ref arn.Function, in control.AliasInput) (lambda.Alias, error)
	GetAlias(ctx context.Context, ref arn.Function, alias string) (lambda.Alias, error)
	UpdateAlias(ctx context.Context, ref arn.Function, in control.AliasInput) (lambda.Alias, error)
	DeleteAlias(ctx context.Context, ref arn.Function, alias string) error
	ListAliases(ctx context.Context, ref arn.Function, functionVersion, marker string, maxItems int) ([]lambda.Alias, string, error)
}

// Concurrency keeps reserved and provisioned concurrency.
type Concurrency interface {
	PutFunctionConcurrency(ctx context.Context, ref arn.Function, n *int) (int, error)
	GetFunctionConcurrency(ctx context.Context, ref arn.Function) (*int, error)
	DeleteFunctionConcurrency(ctx context.Context, ref arn.Function) error
	PutProvisionedConcurrency(ctx context.Context, ref arn.Function, n *int) (lambda.ProvisionedConcurrency, error)
	GetProvisionedConcurrency(ctx context.Context, ref arn.Function) (lambda.ProvisionedConcurrency, error)
	DeleteProvisionedConcurrency(ctx context.Context, ref arn.Function) error
	ListProvisionedConcurrency(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.ProvisionedConcurrency, string, error)
}

// EventConfigs keeps the asynchronous invocation settings.
type EventConfigs interface {
	PutFunctionEventInvokeConfig(ctx context.Context, ref arn.Function, in control.EventConfigInput) (lambda.EventInvokeConfig, error)
	UpdateFunctionEventInvokeConfig(ctx context.Context, ref arn.Function, in control.EventConfigInput) (lambda.EventInvokeConfig, error)
	GetFunctionEventInvokeConfig(ctx context.Context, ref arn.Function) (lambda.EventInvokeConfig, error)
	DeleteFunctionEventInvokeConfig(ctx context.Context, ref arn.Function) error
	ListFunctionEventInvokeConfigs(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.EventInvokeConfig, string, error)
}

// Policies keeps functions' resource-based policies.
type Policies interface {
	AddPermission(ctx context.Context, ref arn.Function, in control.PermissionInput) (lambda.Statement, error)
	GetPolicy(ctx context.Context, ref arn.Function) (lambda.Policy, string, error)
	RemovePermission(ctx context.Context, ref arn.Function, sid, revisionID string) error
}

// Layers publishes layer versions and keeps their policies.
type Layers interface {
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

// URLs keeps function URLs.
type URLs interface {
	CreateFunctionURLConfig(ctx context.Context, ref arn.Function, in control.URLInput) (lambda.FunctionURLConfig, error)
	GetFunctionURLConfig(ctx context.Context, ref arn.Function) (lambda.FunctionURLConfig, error)
	UpdateFunctionURLConfig(ctx context.Context, ref arn.Function, in control.URLInput) (lambda.FunctionURLConfig, error)
	DeleteFunctionURLConfig(ctx context.Context, ref arn.Function) error
	ListFunctionURLConfigs(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.FunctionURLConfig, string, error)
}

// Tags keeps functions' tags.
type Tags interface {
	ListTags(ctx context.Context, resource string) (map[string]string, error)
	TagResource(ctx context.Context, resource string, tags map[string]string) error
	UntagResource(ctx context.Context, resource string, keys []string) error
}

// Invoker runs functions.
type Invoker interface {
	Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// Config is what the API needs besides its collaborators.
type Config struct {
	Region string
	// Account is the administrator's account, which owns every function.
	Account string
}

// Backends are the parts of Virga the operations call.
type Backends struct {
	Functions    Functions
	Versions     Versions
	Concurrency  Concurrency
	EventConfigs EventConfigs
	Policies     Policies
	Layers       Layers
	Tags         Tags
	Mappings     EventSourceMappings
	URLs         URLs
	// Invoker is nil on a server that runs no functions.
	Invoker Invoker
	Usage   Usage
}

// Server serves the Lambda operations.
type Server struct {
	cfg          Config
	functions    Functions
	versions     Versions
	concurrency  Concurrency
	eventConfigs EventConfigs
	policies     Policies
	layers       Layers
	tags         Tags
	mappings     EventSourceMappings
	urls         URLs
	invoker      Invoker
	meter        Usage
}

// New wires the Lambda API.
func New(cfg Config, b Backends) *Server {
	return &Server{cfg: cfg, functions: b.Functions, versions: b.Versions, concurrency: b.Concurrency,
		eventConfigs: b.EventConfigs, policies: b.Policies, layers: b.Layers, tags: b.Tags, mappings: b.Mappings, urls: b.URLs,
		invoker: b.Invoker, meter: b.Usage}
}
