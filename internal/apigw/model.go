package apigw

import "time"

// API is one HTTP API with everything it holds: the value stored under its
// id. Its JSON names are the wire's, so the stored value answers directly.
type API struct {
	APIID                     string            `json:"apiId"`
	APIEndpoint               string            `json:"apiEndpoint,omitempty"`
	Name                      string            `json:"name"`
	Description               string            `json:"description,omitempty"`
	Version                   string            `json:"version,omitempty"`
	ProtocolType              string            `json:"protocolType"`
	RouteSelectionExpression  string            `json:"routeSelectionExpression"`
	APIKeySelectionExpression string            `json:"apiKeySelectionExpression"`
	CorsConfiguration         *Cors             `json:"corsConfiguration,omitempty"`
	DisableExecuteAPIEndpoint bool              `json:"disableExecuteApiEndpoint"`
	DisableSchemaValidation   bool              `json:"disableSchemaValidation,omitempty"`
	IPAddressType             string            `json:"ipAddressType,omitempty"`
	CreatedDate               time.Time         `json:"createdDate"`
	Tags                      map[string]string `json:"tags,omitempty"`

	Routing
	Stages      map[string]*Stage      `json:"stages,omitempty"`
	Deployments map[string]*Deployment `json:"deployments,omitempty"`
}

// Routing is what a deployment snapshots: the routes, their integrations
// and authorizers.
type Routing struct {
	Routes       map[string]*Route       `json:"routes,omitempty"`
	Integrations map[string]*Integration `json:"integrations,omitempty"`
	Authorizers  map[string]*Authorizer  `json:"authorizers,omitempty"`
}

// Cors is an API's CORS configuration.
type Cors struct {
	AllowCredentials *bool    `json:"allowCredentials,omitempty"`
	AllowHeaders     []string `json:"allowHeaders,omitempty"`
	AllowMethods     []string `json:"allowMethods,omitempty"`
	AllowOrigins     []string `json:"allowOrigins,omitempty"`
	ExposeHeaders    []string `json:"exposeHeaders,omitempty"`
	MaxAge           *int     `json:"maxAge,omitempty"`
}

// Route sends requests that match its key to its target.
type Route struct {
	RouteID           string `json:"routeId"`
	RouteKey          string `json:"routeKey"`
	Target            string `json:"target,omitempty"`
	AuthorizationType string `json:"authorizationType"`
	AuthorizerID      string `json:"authorizerId,omitempty"`
	APIKeyRequired    bool   `json:"apiKeyRequired"`
	APIGatewayManaged bool   `json:"apiGatewayManaged,omitempty"`
	OperationName     string `json:"operationName,omitempty"`
}

// Integration is a Lambda proxy integration.
type Integration struct {
	IntegrationID        string `json:"integrationId"`
	IntegrationType      string `json:"integrationType"`
	IntegrationURI       string `json:"integrationUri,omitempty"`
	IntegrationMethod    string `json:"integrationMethod,omitempty"`
	ConnectionType       string `json:"connectionType"`
	PayloadFormatVersion string `json:"payloadFormatVersion"`
	TimeoutInMillis      int    `json:"timeoutInMillis"`
	Description          string `json:"description,omitempty"`
	CredentialsArn       string `json:"credentialsArn,omitempty"`
	APIGatewayManaged    bool   `json:"apiGatewayManaged,omitempty"`
}

// Authorizer is a Lambda REQUEST authorizer.
type Authorizer struct {
	AuthorizerID                   string   `json:"authorizerId"`
	Name                           string   `json:"name"`
	AuthorizerType                 string   `json:"authorizerType"`
	AuthorizerURI                  string   `json:"authorizerUri,omitempty"`
	AuthorizerPayloadFormatVersion string   `json:"authorizerPayloadFormatVersion,omitempty"`
	AuthorizerResultTTLInSeconds   int      `json:"authorizerResultTtlInSeconds"`
	EnableSimpleResponses          bool     `json:"enableSimpleResponses"`
	IdentitySource                 []string `json:"identitySource,omitempty"`
	AuthorizerCredentialsArn       string   `json:"authorizerCredentialsArn,omitempty"`
}

// Stage is a named stage, or $default; it serves one deployment.
type Stage struct {
	StageName                   string            `json:"stageName"`
	Description                 string            `json:"description,omitempty"`
	AutoDeploy                  bool              `json:"autoDeploy"`
	DeploymentID                string            `json:"deploymentId,omitempty"`
	StageVariables              map[string]string `json:"stageVariables"`
	Tags                        map[string]string `json:"tags"`
	DefaultRouteSettings        routeSettings     `json:"defaultRouteSettings"`
	RouteSettings               map[string]any    `json:"routeSettings"`
	APIGatewayManaged           bool              `json:"apiGatewayManaged,omitempty"`
	LastDeploymentStatusMessage string            `json:"lastDeploymentStatusMessage,omitempty"`
	CreatedDate                 time.Time         `json:"createdDate"`
	LastUpdatedDate             time.Time         `json:"lastUpdatedDate"`
}

type routeSettings struct {
	DetailedMetricsEnabled bool `json:"detailedMetricsEnabled"`
}

// Deployment is a snapshot of an API's configuration that stages serve.
type Deployment struct {
	DeploymentID     string    `json:"deploymentId"`
	DeploymentStatus string    `json:"deploymentStatus"`
	AutoDeployed     bool      `json:"autoDeployed"`
	Description      string    `json:"description,omitempty"`
	CreatedDate      time.Time `json:"createdDate"`
	// Snapshot is kept while a stage serves the deployment.
	Snapshot *Routing `json:"snapshot,omitempty"`
}
