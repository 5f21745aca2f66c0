// Package apigw is the API Gateway HTTP API (apigatewayv2, rest-json):
// the management of APIs, routes, Lambda proxy integrations, stages,
// deployments and Lambda REQUEST authorizers, kept in JetStream one API to
// a key, and the invoke URLs that serve them — route matching by AWS's
// precedence, the authorizer, CORS preflights, and the Lambda integration
// with payload format 1.0 or 2.0, answered with API Gateway's status codes.
package apigw
