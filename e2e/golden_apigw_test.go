package e2e

import (
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
)

// apigwCall is a rest-json request to an apigatewayv2 operation.
func apigwCall(name, method, path, body string) exchange {
	e := exchange{name: name, service: "apigateway", folder: "apigw", method: method, path: path}
	if body != "" {
		e.body, e.header = []byte(body), map[string]string{"Content-Type": "application/json"}
	}
	return e
}

// apigwFixture is an API with an integration, a route, an authorizer and a
// $default stage, made before the golden exchanges.
type apigwFixture struct{ api, integration, route, authorizer string }

func newAPIGWFixture(t *testing.T, s *server) apigwFixture {
	t.Helper()
	c := s.apigw()
	fn := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:f"
	api, err := c.CreateApi(ctx(t), &apigatewayv2.CreateApiInput{Name: aws.String("fixture"), ProtocolType: types.ProtocolTypeHttp})
	if err != nil {
		t.Fatal(err)
	}
	integ, err := c.CreateIntegration(ctx(t), &apigatewayv2.CreateIntegrationInput{ApiId: api.ApiId,
		IntegrationType: types.IntegrationTypeAwsProxy, IntegrationUri: aws.String(fn), PayloadFormatVersion: aws.String("2.0")})
	if err != nil {
		t.Fatal(err)
	}
	au, err := c.CreateAuthorizer(ctx(t), &apigatewayv2.CreateAuthorizerInput{ApiId: api.ApiId, Name: aws.String("auth"),
		AuthorizerType: types.AuthorizerTypeRequest, AuthorizerUri: aws.String(fn), AuthorizerPayloadFormatVersion: aws.String("2.0"),
		EnableSimpleResponses: aws.Bool(true), IdentitySource: []string{"$request.header.Authorization"}, AuthorizerResultTtlInSeconds: aws.Int32(300)})
	if err != nil {
		t.Fatal(err)
	}
	route, err := c.CreateRoute(ctx(t), &apigatewayv2.CreateRouteInput{ApiId: api.ApiId, RouteKey: aws.String("GET /items/{id}"),
		Target: aws.String("integrations/" + aws.ToString(integ.IntegrationId)), AuthorizationType: types.AuthorizationTypeCustom,
		AuthorizerId: au.AuthorizerId})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateStage(ctx(t), &apigatewayv2.CreateStageInput{ApiId: api.ApiId, StageName: aws.String("$default"), AutoDeploy: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	return apigwFixture{api: aws.ToString(api.ApiId), integration: aws.ToString(integ.IntegrationId),
		route: aws.ToString(route.RouteId), authorizer: aws.ToString(au.AuthorizerId)}
}

// TestGoldenAPIGateway pins the responses of the HTTP API operations and
// of each kind of error a request can provoke. Lists run while they hold
// one item, since ids are random.
func TestGoldenAPIGateway(t *testing.T) {
	s := startServer(t)
	f := newAPIGWFixture(t, s)
	api := "/v2/apis/" + f.api
	fn := `"arn:aws:lambda:us-east-1:` + s.admin.AccountID + `:function:f"`
	integ := `"integrations/` + f.integration + `"`
	tagsPath := "/v2/tags/" + url.PathEscape("arn:aws:apigateway:us-east-1::/apis/"+f.api)

	runGolden(t, s, []exchange{
		// Reads of the fixture, while each list holds one item.
		apigwCall("get-apis", "GET", "/v2/apis", ""),
		apigwCall("get-api", "GET", api, ""),
		apigwCall("get-integrations", "GET", api+"/integrations", ""),
		apigwCall("get-integration", "GET", api+"/integrations/"+f.integration, ""),
		apigwCall("get-routes", "GET", api+"/routes", ""),
		apigwCall("get-route", "GET", api+"/routes/"+f.route, ""),
		apigwCall("get-authorizers", "GET", api+"/authorizers", ""),
		apigwCall("get-authorizer", "GET", api+"/authorizers/"+f.authorizer, ""),
		apigwCall("get-stages", "GET", api+"/stages", ""),
		apigwCall("get-stage", "GET", api+"/stages/$default", ""),
		apigwCall("get-deployments", "GET", api+"/deployments", ""),

		// Changes.
		apigwCall("create-api", "POST", "/v2/apis", `{"name":"plain","protocolType":"HTTP","tags":{"team":"core"}}`),
		apigwCall("create-api-quick", "POST", "/v2/apis", `{"name":"quick","protocolType":"HTTP","target":`+fn+`,"routeKey":"ANY /{proxy+}"}`),
		apigwCall("update-api", "PATCH", api, `{"description":"d","corsConfiguration":{"allowOrigins":["https://app.example"],"allowMethods":["GET"],"maxAge":300}}`),
		apigwCall("create-integration", "POST", api+"/integrations", `{"integrationType":"AWS_PROXY","integrationUri":`+fn+`,"payloadFormatVersion":"1.0","timeoutInMillis":5000}`),
		apigwCall("update-integration", "PATCH", api+"/integrations/"+f.integration, `{"timeoutInMillis":10000}`),
		apigwCall("create-route", "POST", api+"/routes", `{"routeKey":"ANY /{proxy+}","target":`+integ+`}`),
		apigwCall("update-route", "PATCH", api+"/routes/"+f.route, `{"authorizationType":"NONE"}`),
		apigwCall("create-authorizer", "POST", api+"/authorizers", `{"name":"policy","authorizerType":"REQUEST","authorizerUri":`+fn+`,"authorizerPayloadFormatVersion":"1.0","identitySource":["$request.querystring.token"]}`),
		apigwCall("update-authorizer", "PATCH", api+"/authorizers/"+f.authorizer, `{"authorizerResultTtlInSeconds":0}`),
		apigwCall("create-stage", "POST", api+"/stages", `{"stageName":"dev","stageVariables":{"color":"blue"},"tags":{"a":"b"}}`),
		apigwCall("update-stage", "PATCH", api+"/stages/dev", `{"description":"development"}`),
		apigwCall("create-deployment", "POST", api+"/deployments", `{"description":"manual","stageName":"dev"}`),
		apigwCall("tag-resource", "POST", tagsPath, `{"tags":{"env":"dev"}}`),
		apigwCall("get-tags", "GET", tagsPath, ""),
		apigwCall("untag-resource", "DELETE", tagsPath+"?tagKeys=env", ""),

		// Errors.
		apigwCall("error-api-not-found", "GET", "/v2/apis/nosuchapi0", ""),
		apigwCall("error-route-not-found", "GET", api+"/routes/nosuch1", ""),
		apigwCall("error-stage-not-found", "GET", api+"/stages/nosuch", ""),
		apigwCall("error-websocket", "POST", "/v2/apis", `{"name":"ws","protocolType":"WEBSOCKET"}`),
		apigwCall("error-bad-route-key", "POST", api+"/routes", `{"routeKey":"FETCH /x"}`),
		apigwCall("error-greedy-not-last", "POST", api+"/routes", `{"routeKey":"GET /{proxy+}/x"}`),
		apigwCall("error-route-exists", "POST", api+"/routes", `{"routeKey":"GET /items/{id}"}`),
		apigwCall("error-unknown-target", "POST", api+"/routes", `{"routeKey":"GET /t","target":"integrations/nosuch1"}`),
		apigwCall("error-timeout", "POST", api+"/integrations", `{"integrationType":"AWS_PROXY","integrationUri":`+fn+`,"payloadFormatVersion":"2.0","timeoutInMillis":10}`),
		apigwCall("error-payload-format", "POST", api+"/integrations", `{"integrationType":"AWS_PROXY","integrationUri":`+fn+`,"payloadFormatVersion":"3.0"}`),
		apigwCall("error-not-lambda", "POST", api+"/integrations", `{"integrationType":"AWS_PROXY","integrationUri":"https://example.com","payloadFormatVersion":"2.0"}`),
		apigwCall("error-jwt-authorizer", "POST", api+"/authorizers", `{"name":"jwt","authorizerType":"JWT","identitySource":["$request.header.Authorization"]}`),
		apigwCall("error-stage-exists", "POST", api+"/stages", `{"stageName":"dev"}`),
		apigwCall("error-malformed-json", "POST", "/v2/apis", `{"name":`),

		// Deletions.
		apigwCall("delete-route", "DELETE", api+"/routes/"+f.route, ""),
		apigwCall("delete-stage", "DELETE", api+"/stages/dev", ""),
		apigwCall("delete-api", "DELETE", api, ""),
	})
}
