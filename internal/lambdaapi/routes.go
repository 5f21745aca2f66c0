package lambdaapi

import (
	"net/http"
	"strings"

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
// IAM action ("lambda:" + name), and the resource IAM policies judge it on
// is what its route names (routeResource).
func (s *Server) operations() []awsproto.Operation {
	ops := []awsproto.Operation{
		op("CreateFunction", "POST /2015-03-31/functions", s.createFunction),
		op("ListFunctions", "GET /2015-03-31/functions", s.listFunctions),
		op("GetFunction", "GET /2015-03-31/functions/{name}", s.getFunction),
		op("DeleteFunction", "DELETE /2015-03-31/functions/{name}", s.deleteFunction),
		op("GetFunctionConfiguration", "GET /2015-03-31/functions/{name}/configuration", s.getFunctionConfiguration),
		op("UpdateFunctionConfiguration", "PUT /2015-03-31/functions/{name}/configuration", s.updateFunctionConfiguration),
		op("UpdateFunctionCode", "PUT /2015-03-31/functions/{name}/code", s.updateFunctionCode),
		op("InvokeFunction", "POST /2015-03-31/functions/{name}/invocations", s.invoke),
		// InvokeWithResponseStream needs lambda:InvokeFunction, as on AWS.
		op("InvokeFunction", "POST /2021-11-15/functions/{name}/response-streaming-invocations", s.invokeWithResponseStream),
		op("PublishVersion", "POST /2015-03-31/functions/{name}/versions", s.publishVersion),
		op("ListVersionsByFunction", "GET /2015-03-31/functions/{name}/versions", s.listVersionsByFunction),
		op("CreateAlias", "POST /2015-03-31/functions/{name}/aliases", s.createAlias),
		op("ListAliases", "GET /2015-03-31/functions/{name}/aliases", s.listAliases),
		op("GetAlias", "GET /2015-03-31/functions/{name}/aliases/{alias}", s.getAlias),
		op("UpdateAlias", "PUT /2015-03-31/functions/{name}/aliases/{alias}", s.updateAlias),
		op("DeleteAlias", "DELETE /2015-03-31/functions/{name}/aliases/{alias}", s.deleteAlias),
		op("PutFunctionConcurrency", "PUT /2017-10-31/functions/{name}/concurrency", s.putFunctionConcurrency),
		op("GetFunctionConcurrency", "GET /2019-09-30/functions/{name}/concurrency", s.getFunctionConcurrency),
		op("DeleteFunctionConcurrency", "DELETE /2017-10-31/functions/{name}/concurrency", s.deleteFunctionConcurrency),
		op("PutProvisionedConcurrencyConfig", "PUT /2019-09-30/functions/{name}/provisioned-concurrency", s.putProvisionedConcurrency),
		op("GetProvisionedConcurrencyConfig", "GET /2019-09-30/functions/{name}/provisioned-concurrency", s.getProvisionedConcurrency),
		op("DeleteProvisionedConcurrencyConfig", "DELETE /2019-09-30/functions/{name}/provisioned-concurrency", s.deleteProvisionedConcurrency),
		op("PutFunctionEventInvokeConfig", "PUT /2019-09-25/functions/{name}/event-invoke-config", s.putEventInvokeConfig),
		op("UpdateFunctionEventInvokeConfig", "POST /2019-09-25/functions/{name}/event-invoke-config", s.updateEventInvokeConfig),
		op("GetFunctionEventInvokeConfig", "GET /2019-09-25/functions/{name}/event-invoke-config", s.getEventInvokeConfig),
		op("DeleteFunctionEventInvokeConfig", "DELETE /2019-09-25/functions/{name}/event-invoke-config", s.deleteEventInvokeConfig),
		op("ListFunctionEventInvokeConfigs", "GET /2019-09-25/functions/{name}/event-invoke-config/list", s.listEventInvokeConfigs),
		op("AddPermission", "POST /2015-03-31/functions/{name}/policy", s.addPermission),
		op("GetPolicy", "GET /2015-03-31/functions/{name}/policy", s.getPolicy),
		op("RemovePermission", "DELETE /2015-03-31/functions/{name}/policy/{sid}", s.removePermission),
		urlOp("CreateFunctionUrlConfig", "POST /2021-10-31/functions/{name}/url", s.createFunctionURLConfig),
		urlOp("GetFunctionUrlConfig", "GET /2021-10-31/functions/{name}/url", s.getFunctionURLConfig),
		urlOp("UpdateFunctionUrlConfig", "PUT /2021-10-31/functions/{name}/url", s.updateFunctionURLConfig),
		urlOp("DeleteFunctionUrlConfig", "DELETE /2021-10-31/functions/{name}/url", s.deleteFunctionURLConfig),
		urlOp("ListFunctionUrlConfigs", "GET /2021-10-31/functions/{name}/urls", s.listFunctionURLConfigs),
		op("ListLayers", "GET /2018-10-31/layers", s.listLayers),
		op("PublishLayerVersion", "POST /2018-10-31/layers/{layer}/versions", s.publishLayerVersion),
		op("ListLayerVersions", "GET /2018-10-31/layers/{layer}/versions", s.listLayerVersions),
		op("GetLayerVersion", "GET /2018-10-31/layers/{layer}/versions/{version}", s.getLayerVersion),
		op("DeleteLayerVersion", "DELETE /2018-10-31/layers/{layer}/versions/{version}", s.deleteLayerVersion),
		op("AddLayerVersionPermission", "POST /2018-10-31/layers/{layer}/versions/{version}/policy", s.addLayerVersionPermission),
		op("GetLayerVersionPolicy", "GET /2018-10-31/layers/{layer}/versions/{version}/policy", s.getLayerVersionPolicy),
		op("RemoveLayerVersionPermission", "DELETE /2018-10-31/layers/{layer}/versions/{version}/policy/{sid}", s.removeLayerVersionPermission),
		op("GetFunctionCodeSigningConfig", "GET /2020-06-30/functions/{name}/code-signing-config", s.getFunctionCodeSigningConfig),
		op("GetRuntimeManagementConfig", "GET /2021-07-20/functions/{name}/runtime-management-config", s.getRuntimeManagementConfig),
		op("GetFunctionRecursionConfig", "GET /2024-08-31/functions/{name}/recursion-config", s.getFunctionRecursionConfig),
		op("PutFunctionRecursionConfig", "PUT /2024-08-31/functions/{name}/recursion-config", s.putFunctionRecursionConfig),
		op("CreateEventSourceMapping", "POST /2015-03-31/event-source-mappings", s.createEventSourceMapping),
		op("ListEventSourceMappings", "GET /2015-03-31/event-source-mappings", s.listEventSourceMappings),
		op("GetEventSourceMapping", "GET /2015-03-31/event-source-mappings/{uuid}", s.getEventSourceMapping),
		op("UpdateEventSourceMapping", "PUT /2015-03-31/event-source-mappings/{uuid}", s.updateEventSourceMapping),
		op("DeleteEventSourceMapping", "DELETE /2015-03-31/event-source-mappings/{uuid}", s.deleteEventSourceMapping),
		op("InvokeAsync", "POST /2014-11-13/functions/{name}/invoke-async", s.invokeAsync),
		op("PutRuntimeManagementConfig", "PUT /2021-07-20/functions/{name}/runtime-management-config", s.putRuntimeManagementConfig),
		op("GetAccountSettings", "GET /2016-08-19/account-settings", s.getAccountSettings),
		op("ListTags", "GET /2017-03-31/tags/{arn}", s.listTags),
		op("TagResource", "POST /2017-03-31/tags/{arn}", s.tagResource),
		op("UntagResource", "DELETE /2017-03-31/tags/{arn}", s.untagResource),
		// Virga's own: the code behind GetFunction's Location, and usage.
		op("GetFunction", "GET /_virga/code/{blob}", s.downloadCode),
		op("GetUsage", "GET /_virga/usage", s.usage),
	}
	ops = append(ops, s.unservedOps()...)
	for i := range ops {
		ops[i].Resource = s.routeResource(ops[i].Route)
	}
	return ops
}

// routeResource is the resource of an operation whose route names one: a
// function ({name}), a layer ({layer}) or any ARN ({arn}), or the function
// CreateFunction's body names; nil otherwise.
func (s *Server) routeResource(route string) func(*awsproto.Call) (string, error) {
	switch {
	case route == "POST /2015-03-31/functions":
		return s.newFunctionResource
	case strings.Contains(route, "{name}"):
		return s.functionResource
	case strings.Contains(route, "{layer}"):
		return s.layerResource
	case strings.Contains(route, "{arn}"):
		return taggedResource
	}
	return nil
}

func op(name, route string, h handler) awsproto.Operation {
	return awsproto.Operation{Name: name, Route: route, Handle: func(c *awsproto.Call) error { return h(&call{Call: c}) }}
}

// urlOp is an operation on a function URL.
func urlOp(name, route string, h handler) awsproto.Operation {
	return awsproto.Operation{Name: name, Route: route, Handle: func(c *awsproto.Call) error { return h(&call{Call: c, urlQualifier: true}) }}
}

// errorCodes is the one table from error kind to Lambda's error types.
var errorCodes = awsproto.Errors{
	aws.ErrNotFound:                     {Code: "ResourceNotFoundException", Status: http.StatusNotFound, Capital: true},
	aws.ErrConflict:                     {Code: "ResourceConflictException", Status: http.StatusConflict},
	aws.ErrInvalid:                      {Code: "InvalidParameterValueException", Status: http.StatusBadRequest},
	aws.ErrValidation:                   {Code: "ValidationException", Status: http.StatusBadRequest},
	aws.ErrPreconditionFailed:           {Code: "PreconditionFailedException", Status: http.StatusPreconditionFailed},
	aws.ErrTooLarge:                     {Code: "RequestEntityTooLargeException", Status: http.StatusRequestEntityTooLarge},
	aws.ErrMalformed:                    {Code: "InvalidRequestContentException", Status: http.StatusBadRequest},
	aws.ErrThrottled:                    {Code: "TooManyRequestsException", Status: http.StatusTooManyRequests},
	aws.ErrAccessDenied:                 {Code: "AccessDeniedException", Status: http.StatusForbidden, Capital: true},
	aws.ErrUnauthenticated:              {Code: "AccessDeniedException", Status: http.StatusForbidden},
	aws.ErrUnsupportedMedia:             {Code: "UnsupportedMediaTypeException", Status: http.StatusUnsupportedMediaType},
	aws.ErrAlreadyExists:                {Code: "ResourceAlreadyExistsException", Status: http.StatusConflict},
	aws.ErrUnknownOperation:             {Code: "UnknownOperationException", Status: http.StatusBadRequest},
	aws.ErrInternal:                     {Code: "ServiceException", Status: http.StatusInternalServerError, Capital: true},
	lambda.ErrProvisionedNotFound:       {Code: "ProvisionedConcurrencyConfigNotFoundException", Status: http.StatusNotFound},
	lambda.ErrPolicyLengthExceeded:      {Code: "PolicyLengthExceededException", Status: http.StatusBadRequest},
	lambda.ErrResourceInUse:             {Code: "ResourceInUseException", Status: http.StatusBadRequest, Capital: true},
	lambda.ErrCodeSigningConfigNotFound: {Code: "CodeSigningConfigNotFoundException", Status: http.StatusNotFound},
}
