package e2e

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
)

// authorizerURI is API Gateway's invocations URI of a function.
func authorizerURI(s *server, fn string) string {
	return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:" +
		s.admin.AccountID + ":function:" + fn + "/invocations"
}

// protect puts a route of the API behind a new REQUEST authorizer.
func protect(t *testing.T, s *server, apiID, routeKey string, in *apigatewayv2.CreateAuthorizerInput) {
	t.Helper()
	c := s.apigw()
	in.ApiId, in.AuthorizerType = aws.String(apiID), types.AuthorizerTypeRequest
	au, err := c.CreateAuthorizer(ctx(t), in)
	if err != nil {
		t.Fatal(err)
	}
	routes, err := c.GetRoutes(ctx(t), &apigatewayv2.GetRoutesInput{ApiId: aws.String(apiID)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range routes.Items {
		if aws.ToString(r.RouteKey) != routeKey {
			continue
		}
		if _, err := c.UpdateRoute(ctx(t), &apigatewayv2.UpdateRouteInput{ApiId: aws.String(apiID), RouteId: r.RouteId,
			AuthorizationType: types.AuthorizationTypeCustom, AuthorizerId: au.AuthorizerId}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAPIGatewayAuthorizers checks REQUEST authorizers: a simple response
// (payload 2.0) that allows, denies and is cached, and an IAM policy
// response (payload 1.0) whose context reaches the integration.
func TestAPIGatewayAuthorizers(t *testing.T) {
	s := startServer(t)
	apigwFunction(t, s, "echo", "echo")
	apigwFunction(t, s, "simple", "simple_auth")
	apigwFunction(t, s, "policy", "policy_auth")
	id := apiWithRoutes(t, s, "2.0", map[string]string{"GET /simple": "echo", "GET /cached": "echo", "GET /policy": "echo"})
	allowAPI(t, s, "simple", id)
	allowAPI(t, s, "policy", id)
	protect(t, s, id, "GET /simple", &apigatewayv2.CreateAuthorizerInput{Name: aws.String("simple"),
		AuthorizerUri: aws.String(authorizerURI(s, "simple")), AuthorizerPayloadFormatVersion: aws.String("2.0"),
		EnableSimpleResponses: aws.Bool(true), IdentitySource: []string{"$request.header.Authorization"}})
	protect(t, s, id, "GET /cached", &apigatewayv2.CreateAuthorizerInput{Name: aws.String("cached"),
		AuthorizerUri: aws.String(authorizerURI(s, "simple")), AuthorizerPayloadFormatVersion: aws.String("2.0"),
		EnableSimpleResponses: aws.Bool(true), IdentitySource: []string{"$request.header.Authorization"},
		AuthorizerResultTtlInSeconds: aws.Int32(300)})
	protect(t, s, id, "GET /policy", &apigatewayv2.CreateAuthorizerInput{Name: aws.String("policy"),
		AuthorizerUri: aws.String(authorizerURI(s, "policy")), AuthorizerPayloadFormatVersion: aws.String("1.0"),
		IdentitySource: []string{"$request.header.Authorization"}})

	t.Run("MissingIdentity", func(t *testing.T) {
		s.callAPI(t, true, id, "GET", "/simple", nil, "").expect(t, http.StatusUnauthorized, `{"message":"Unauthorized"}`)
	})
	t.Run("SimpleDenied", func(t *testing.T) {
		s.callAPI(t, true, id, "GET", "/simple", map[string]string{"Authorization": "deny"}, "").expect(t, http.StatusForbidden, `{"message":"Forbidden"}`)
	})
	t.Run("SimpleAllowed", func(t *testing.T) {
		r := s.callAPI(t, true, id, "GET", "/simple", map[string]string{"Authorization": "allow-1"}, "")
		r.expect(t, http.StatusCreated, "")
		ev := r.json(t)
		if at(ev, "requestContext", "authorizer", "lambda", "user") != "alice" {
			t.Errorf("authorizer = %v", at(ev, "requestContext", "authorizer"))
		}
		var authEvent map[string]any
		_ = json.Unmarshal([]byte(at(ev, "requestContext", "authorizer", "lambda", "event").(string)), &authEvent)
		if authEvent["type"] != "REQUEST" || authEvent["routeArn"] == nil || len(toStrings(authEvent["identitySource"])) != 1 {
			t.Errorf("the authorizer saw %v", authEvent)
		}
	})
	t.Run("Cached", func(t *testing.T) {
		calls := func() any {
			r := s.callAPI(t, true, id, "GET", "/cached", map[string]string{"Authorization": "allow-cached"}, "")
			r.expect(t, http.StatusCreated, "")
			return at(r.json(t), "requestContext", "authorizer", "lambda", "calls")
		}
		if first, second := calls(), calls(); first != second {
			t.Errorf("the authorizer ran again: calls %v then %v", first, second)
		}
	})
	t.Run("PolicyAllowed", func(t *testing.T) {
		r := s.callAPI(t, false, id, "GET", "/policy", map[string]string{"Authorization": "allow"}, "")
		r.expect(t, http.StatusCreated, "")
		if at(r.json(t), "requestContext", "authorizer", "lambda", "tier") != "gold" {
			t.Errorf("authorizer = %v", at(r.json(t), "requestContext", "authorizer"))
		}
	})
	t.Run("PolicyDenied", func(t *testing.T) {
		s.callAPI(t, false, id, "GET", "/policy", map[string]string{"Authorization": "deny"}, "").expect(t, http.StatusForbidden, `{"message":"Forbidden"}`)
	})
}
