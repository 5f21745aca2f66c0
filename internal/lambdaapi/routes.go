package lambdaapi

import (
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
)

// Service is the Lambda API as the front door serves it.
func (s *Server) Service() *awsproto.Service {
	return &awsproto.Service{
		Name:           "lambda",
		Protocols:      []awsproto.Protocol{awsproto.NewRestJSON(s.operations())},
		Errors:         errorCodes,
		Authorize:      s.authorize,
		ResourcePolicy: s.resourcePolicy,
	}
}

// operations is every route in one table; each name is the operation's
// IAM action ("lambda:" + name), and those that act on a resource name
// it for IAM policies.
func (s *Server) operations() []awsproto.Operation {
	list := []operation{
		op("CreateFunction", "POST /2015-03-31/functions", s.createFunction).on(s.newFunctionResource),
		op("ListFunctions", "GET /2015-03-31/functions", s.listFunctions),
		op("GetFunction", "GET /2015-03-31/functions/{name}", s.getFunction).on(s.functionResource),
		op("DeleteFunction", "DELETE /2015-03-31/functions/{name}", s.deleteFunction).on(s.functionResource),
		op("GetFunctionConfiguration", "GET /2015-03-31/functions/{name}/configuration", s.getFunctionConfiguration).on(s.functionResource),
		op("UpdateFunctionConfiguration", "PUT /2015-03-31/functions/{name}/configuration", s.updateFunctionConfiguration).on(s.functionResource),
		op("UpdateFunctionCode", "PUT /2015-03-31/functions/{name}/code", s.updateFunctionCode).on(s.functionResource),
		op("InvokeFunction", "POST /2015-03-31/functions/{name}/invocations", s.invoke).on(s.functionResource),
		// InvokeWithResponseStream needs lambda:InvokeFunction, as on AWS.
		op("InvokeFunction", "POST /2021-11-15/functions/{name}/response-streaming-invocations", s.invokeWithResponseStream).on(s.functionResource),
		op("PublishVersion", "POST /2015-03-31/functions/{name}/versions", s.publishVersion).on(s.functionResource),
		op("ListVersionsByFunction", "GET /2015-03-31/functions/{name}/versions", s.listVersionsByFunction).on(s.functionResource),
		op("CreateAlias", "POST /2015-03-31/functions/{name}/aliases", s.createAlias).on(s.functionResource),
		op("ListAliases", "GET /2015-03-31/functions/{name}/aliases", s.listAliases).on(s.functionResource),
		op("GetAlias", "GET /2015-03-31/functions/{name}/aliases/{alias}", s.getAlias).on(s.functionResource),
		op("UpdateAlias", "PUT /2015-03-31/functions/{name}/aliases/{alias}", s.updateAlias).on(s.functionResource),
		op("DeleteAlias", "DELETE /2015-03-31/functions/{name}/aliases/{alias}", s.deleteAlias).on(s.functionResource),
		op("PutFunctionConcurrency", "PUT /2017-10-31/functions/{name}/concurrency", s.putFunctionConcurrency).on(s.functionResource),
		op("GetFunctionConcurrency", "GET /2019-09-30/functions/{name}/concurrency", s.getFunctionConcurrency).on(s.functionResource),
		op("DeleteFunctionConcurrency", "DELETE /2017-10-31/functions/{name}/concurrency", s.deleteFunctionConcurrency).on(s.functionResource),
		op("PutProvisionedConcurrencyConfig", "PUT /2019-09-30/functions/{name}/provisioned-concurrency", s.putProvisionedConcurrency).on(s.functionResource),
		op("GetProvisionedConcurrencyConfig", "GET /2019-09-30/functions/{name}/provisioned-concurrency", s.getProvisionedConcurrency).on(s.functionResource),
		op("DeleteProvisionedConcurrencyConfig", "DELETE /2019-09-30/functions/{name}/provisioned-concurrency", s.deleteProvisionedConcurrency).on(s.functionResource),
		op("PutFunctionEventInvokeConfig", "PUT /2019-09-25/functions/{name}/event-invoke-config", s.putEventInvokeConfig).on(s.functionResource),
		op("UpdateFunctionEventInvokeConfig", "POST /2019-09-25/functions/{name}/event-invoke-config", s.updateEventInvokeConfig).on(s.functionResource),
		op("GetFunctionEventInvokeConfig", "GET /2019-09-25/functions/{name}/event-invoke-config", s.getEventInvokeConfig).on(s.functionResource),
		op("DeleteFunctionEventInvokeConfig", "DELETE /2019-09-25/functions/{name}/event-invoke-config", s.deleteEventInvokeConfig).on(s.functionResource),
		op("ListFunctionEventInvokeConfigs", "GET /2019-09-25/functions/{name}/event-invoke-config/list", s.listEventInvokeConfigs).on(s.functionResource),
		op("AddPermission", "POST /2015-03-31/functions/{name}/policy", s.addPermission).on(s.functionResource),
		op("GetPolicy", "GET /2015-03-31/functions/{name}/policy", s.getPolicy).on(s.functionResource),
		op("RemovePermission", "DELETE /2015-03-31/functions/{name}/policy/{sid}", s.removePermission).on(s.functionResource),
		op("ListLayers", "GET /2018-10-31/layers", s.listLayers),
		op("PublishLayerVersion", "POST /2018-10-31/layers/{layer}/versions", s.publishLayerVersion).on(s.layerResource),
		op("ListLayerVersions", "GET /2018-10-31/layers/{layer}/versions", s.listLayerVersions).on(s.layerResource),
		op("GetLayerVersion", "GET /2018-10-31/layers/{layer}/versions/{version}", s.getLayerVersion).on(s.layerResource),
		op("DeleteLayerVersion", "DELETE /2018-10-31/layers/{layer}/versions/{version}", s.deleteLayerVersion).on(s.layerResource),
		op("AddLayerVersionPermission", "POST /2018-10-31/layers/{layer}/versions/{version}/policy", s.addLayerVersionPermission).on(s.layerResource),
		op("GetLayerVersionPolicy", "GET /2018-10-31/layers/{layer}/versions/{version}/policy", s.getLayerVersionPolicy).on(s.layerResource),
		op("RemoveLayerVersionPermission", "DELETE /2018-10-31/layers/{layer}/versions/{version}/policy/{sid}", s.removeLayerVersionPermission).on(s.layerResource),
		op("GetFunctionCodeSigningConfig", "GET /2020-06-30/functions/{name}/code-signing-config", s.getFunctionCodeSigningConfig).on(s.functionResource),
		op("GetRuntimeManagementConfig", "GET /2021-07-20/functions/{name}/runtime-management-config", s.getRuntimeManagementConfig).on(s.functionResource),
		op("GetFunctionRecursionConfig", "GET /2024-08-31/functions/{name}/recursion-config", s.getFunctionRecursionConfig).on(s.functionResource),
		op("GetAccountSettings", "GET /2016-08-19/account-settings", s.getAccountSettings),
		op("ListTags", "GET /2017-03-31/tags/{arn}", s.listTags).on(taggedResource),
		op("TagResource", "POST /2017-03-31/tags/{arn}", s.tagResource).on(taggedResource),
		op("UntagResource", "DELETE /2017-03-31/tags/{arn}", s.untagResource).on(taggedResource),
		// Virga's own: the code behind GetFunction's Location, and usage.
		op("GetFunction", "GET /_virga/code/{blob}", s.downloadCode),
		op("GetUsage", "GET /_virga/usage", s.usage),
	}
	ops := make([]awsproto.Operation, len(list))
	for i, o := range list {
		ops[i] = awsproto.Operation(o)
	}
	return ops
}

func op(name, route string, h handler) operation {
	return operation{Name: name, Route: route, Handle: func(c *awsproto.Call) error { return h(&call{c}) }}
}

// operation is an operation being listed.
type operation awsproto.Operation

// on names the resource IAM policies judge calls of the operation on.
func (o operation) on(resource func(*awsproto.Call) (string, error)) operation {
	o.Resource = resource
	return o
}

// errorCodes is the one table from error kind to Lambda's error types.
var errorCodes = awsproto.Errors{
	aws.ErrNotFound:                {Code: "ResourceNotFoundException", Status: http.StatusNotFound, Capital: true},
	aws.ErrConflict:                {Code: "ResourceConflictException", Status: http.StatusConflict},
	aws.ErrInvalid:                 {Code: "InvalidParameterValueException", Status: http.StatusBadRequest},
	aws.ErrValidation:              {Code: "ValidationException", Status: http.StatusBadRequest},
	aws.ErrPreconditionFailed:      {Code: "PreconditionFailedException", Status: http.StatusPreconditionFailed},
	aws.ErrTooLarge:                {Code: "RequestEntityTooLargeException", Status: http.StatusRequestEntityTooLarge},
	aws.ErrMalformed:               {Code: "InvalidRequestContentException", Status: http.StatusBadRequest},
	aws.ErrThrottled:               {Code: "TooManyRequestsException", Status: http.StatusTooManyRequests},
	aws.ErrAccessDenied:            {Code: "AccessDeniedException", Status: http.StatusForbidden, Capital: true},
	aws.ErrUnauthenticated:         {Code: "AccessDeniedException", Status: http.StatusForbidden},
	aws.ErrUnsupportedMedia:        {Code: "UnsupportedMediaTypeException", Status: http.StatusUnsupportedMediaType},
	aws.ErrAlreadyExists:           {Code: "ResourceAlreadyExistsException", Status: http.StatusConflict},
	aws.ErrUnknownOperation:        {Code: "UnknownOperationException", Status: http.StatusBadRequest},
	aws.ErrInternal:                {Code: "ServiceException", Status: http.StatusInternalServerError, Capital: true},
	lambda.ErrProvisionedNotFound:  {Code: "ProvisionedConcurrencyConfigNotFoundException", Status: http.StatusNotFound},
	lambda.ErrPolicyLengthExceeded: {Code: "PolicyLengthExceededException", Status: http.StatusBadRequest},
}
