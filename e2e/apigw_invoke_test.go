package e2e

import (
	"encoding/base64"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
)

// TestAPIGatewayQuickCreate calls a quick-created API on both URL forms,
// with Go's client and curl, and checks the payload 2.0 event and the
// response mapping.
func TestAPIGatewayQuickCreate(t *testing.T) {
	s := startServer(t)
	fn := apigwFunction(t, s, "echo", "echo")
	api, err := s.apigw().CreateApi(ctx(t), &apigatewayv2.CreateApiInput{
		Name: aws.String("quick"), ProtocolType: types.ProtocolTypeHttp, Target: aws.String(fn),
	})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(api.ApiId)
	if want := "http://" + id + ".execute-api.localhost:" + s.port(); aws.ToString(api.ApiEndpoint) != want {
		t.Errorf("ApiEndpoint = %s, want %s", aws.ToString(api.ApiEndpoint), want)
	}
	t.Run("MissingPermission", func(t *testing.T) {
		s.callAPI(t, true, id, "GET", "/", nil, "").expect(t, http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
	})
	allowAPI(t, s, "echo", id)
	for _, byHost := range []bool{true, false} {
		name := map[bool]string{true: "ByHost", false: "ByPath"}[byHost]
		t.Run(name, func(t *testing.T) {
			r := s.callAPI(t, byHost, id, "POST", "/any/pa%20th?a=1&a=2&b=x",
				map[string]string{"Cookie": "k1=v1; k2=v2", "X-Multi": "one", "Content-Type": "application/json"}, `{"in":true}`)
			r.expect(t, http.StatusCreated, "")
			checkEventV2(t, r, id)
		})
	}
	t.Run("Curl", func(t *testing.T) {
		curl, err := exec.LookPath("curl")
		if err != nil {
			t.Skip("curl not installed")
		}
		out, err := exec.Command(curl, "-s", "-i", "http://"+id+".execute-api.localhost:"+s.port()+"/hello").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "HTTP/1.1 201") || !strings.Contains(string(out), `"rawPath": "/hello"`) {
			t.Fatalf("curl: %v\n%s", err, out)
		}
	})
	t.Run("UnknownAPI", func(t *testing.T) {
		s.callAPI(t, true, "nosuchapi0", "GET", "/", nil, "").expect(t, http.StatusNotFound, `{"message":"Not Found"}`)
	})
}

func checkEventV2(t *testing.T, r httpResult, id string) {
	t.Helper()
	if r.header.Get("X-Echo") != "yes" || len(r.header.Values("Set-Cookie")) != 2 || len(r.header.Values("X-Multi")) != 2 {
		t.Errorf("headers = %v", r.header)
	}
	ev := r.json(t)
	checks := map[string][2]any{
		"version":  {ev["version"], "2.0"},
		"routeKey": {ev["routeKey"], "$default"},
		"rawPath":  {ev["rawPath"], "/any/pa%20th"},
		"rawQuery": {ev["rawQueryString"], "a=1&a=2&b=x"},
		"query":    {at(ev, "queryStringParameters", "a"), "1,2"},
		"header":   {at(ev, "headers", "x-multi"), "one"},
		"proto":    {at(ev, "headers", "x-forwarded-proto"), "http"},
		"body":     {ev["body"], `{"in":true}`},
		"base64":   {ev["isBase64Encoded"], false},
		"apiId":    {at(ev, "requestContext", "apiId"), id},
		"stage":    {at(ev, "requestContext", "stage"), "$default"},
		"method":   {at(ev, "requestContext", "http", "method"), "POST"},
		"path":     {at(ev, "requestContext", "http", "path"), "/any/pa%20th"},
		"domain":   {at(ev, "requestContext", "domainName"), id + ".execute-api.localhost"},
		"cookies":  {strings.Join(toStrings(ev["cookies"]), ";"), "k1=v1;k2=v2"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
	if _, ok := at(ev, "headers", "cookie").(string); ok {
		t.Error("the cookie header stayed in headers")
	}
}

func toStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, x := range list {
		out[i], _ = x.(string)
	}
	return out
}

// apiWithRoutes makes an API with a route to each function of routes (route
// key → function name), all through Lambda proxy integrations of the given
// payload format, on a $default stage that deploys automatically.
func apiWithRoutes(t *testing.T, s *server, format string, routes map[string]string) string {
	t.Helper()
	c := s.apigw()
	api, err := c.CreateApi(ctx(t), &apigatewayv2.CreateApiInput{Name: aws.String("routes"), ProtocolType: types.ProtocolTypeHttp})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(api.ApiId)
	integrations := map[string]string{}
	for key, fn := range routes {
		if integrations[fn] == "" {
			integ, err := c.CreateIntegration(ctx(t), &apigatewayv2.CreateIntegrationInput{
				ApiId: api.ApiId, IntegrationType: types.IntegrationTypeAwsProxy, PayloadFormatVersion: aws.String(format),
				IntegrationUri: aws.String("arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:" + fn),
			})
			if err != nil {
				t.Fatal(err)
			}
			integrations[fn] = aws.ToString(integ.IntegrationId)
			allowAPI(t, s, fn, id)
		}
		if _, err := c.CreateRoute(ctx(t), &apigatewayv2.CreateRouteInput{
			ApiId: api.ApiId, RouteKey: aws.String(key), Target: aws.String("integrations/" + integrations[fn]),
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateStage(ctx(t), &apigatewayv2.CreateStageInput{ApiId: api.ApiId, StageName: aws.String("$default"), AutoDeploy: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestAPIGatewayRoutes checks route matching and its precedence, path
// parameters, payload format 1.0, and the error answers.
func TestAPIGatewayRoutes(t *testing.T) {
	s := startServer(t)
	apigwFunction(t, s, "echo", "echo")
	apigwFunction(t, s, "fail", "fail")
	apigwFunction(t, s, "text", "text")
	id := apiWithRoutes(t, s, "2.0", map[string]string{
		"GET /items/{id}": "echo", "GET /items/special": "echo", "ANY /items/{proxy+}": "echo",
		"POST /fail": "fail", "GET /text": "text",
	})
	cases := []struct{ path, routeKey, params string }{
		{"/items/42", "GET /items/{id}", "id=42"},
		{"/items/special", "GET /items/special", ""},
		{"/items/a/b/c", "ANY /items/{proxy+}", "proxy=a/b/c"},
	}
	for _, c := range cases {
		t.Run("Match"+strings.ReplaceAll(c.path, "/", "_"), func(t *testing.T) {
			ev := s.callAPI(t, false, id, "GET", c.path, nil, "").json(t)
			if ev["routeKey"] != c.routeKey {
				t.Errorf("routeKey = %v, want %s", ev["routeKey"], c.routeKey)
			}
			if got := params(ev); got != c.params {
				t.Errorf("pathParameters = %s, want %s", got, c.params)
			}
		})
	}
	t.Run("NoRoute", func(t *testing.T) {
		s.callAPI(t, false, id, "GET", "/nothing", nil, "").expect(t, http.StatusNotFound, `{"message":"Not Found"}`)
		s.callAPI(t, false, id, "DELETE", "/text", nil, "").expect(t, http.StatusNotFound, `{"message":"Not Found"}`)
	})
	t.Run("FunctionError", func(t *testing.T) {
		s.callAPI(t, false, id, "POST", "/fail", nil, "").expect(t, http.StatusBadGateway, `{"message":"Internal Server Error"}`)
	})
	t.Run("BareString", func(t *testing.T) {
		r := s.callAPI(t, false, id, "GET", "/text", nil, "")
		r.expect(t, http.StatusOK, "just text")
		if r.header.Get("Content-Type") != "application/json" {
			t.Errorf("Content-Type = %s", r.header.Get("Content-Type"))
		}
	})
	t.Run("BinaryBody", func(t *testing.T) {
		ev := s.callAPI(t, false, id, "GET", "/items/1", map[string]string{"Content-Type": "application/octet-stream"}, "\x00\x01bin").json(t)
		if ev["isBase64Encoded"] != true || ev["body"] != base64.StdEncoding.EncodeToString([]byte("\x00\x01bin")) {
			t.Errorf("body = %v (base64 %v)", ev["body"], ev["isBase64Encoded"])
		}
	})
}

func params(ev map[string]any) string {
	m, _ := ev["pathParameters"].(map[string]any)
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+v.(string))
	}
	return strings.Join(parts, "&")
}

// TestAPIGatewayPayloadV1 checks the payload format 1.0 event and response
// rules, a named stage with stage variables, and a malformed response.
func TestAPIGatewayPayloadV1(t *testing.T) {
	s := startServer(t)
	apigwFunction(t, s, "echo", "echo")
	apigwFunction(t, s, "bare", "bare")
	id := apiWithRoutes(t, s, "1.0", map[string]string{"GET /users/{name}": "echo", "GET /bare": "bare"})
	c := s.apigw()
	if _, err := c.CreateStage(ctx(t), &apigatewayv2.CreateStageInput{
		ApiId: aws.String(id), StageName: aws.String("dev"), AutoDeploy: aws.Bool(true),
		StageVariables: map[string]string{"color": "blue"},
	}); err != nil {
		t.Fatal(err)
	}
	r := s.callAPI(t, true, id, "GET", "/dev/users/ann?x=1&x=2", map[string]string{"X-Twice": "a"}, "")
	r.expect(t, http.StatusCreated, "")
	if len(r.header.Values("Set-Cookie")) != 0 {
		t.Error("payload 1.0 sent cookies from the cookies member")
	}
	ev := r.json(t)
	checks := map[string][2]any{
		"version":    {ev["version"], "1.0"},
		"resource":   {ev["resource"], "/users/{name}"},
		"path":       {ev["path"], "/dev/users/ann"},
		"httpMethod": {ev["httpMethod"], "GET"},
		"query":      {at(ev, "queryStringParameters", "x"), "2"},
		"multiQuery": {strings.Join(toStrings(at(ev, "multiValueQueryStringParameters", "x")), ","), "1,2"},
		"multiHdr":   {strings.Join(toStrings(at(ev, "multiValueHeaders", "x-twice")), ","), "a"},
		"param":      {at(ev, "pathParameters", "name"), "ann"},
		"stageVar":   {at(ev, "stageVariables", "color"), "blue"},
		"stage":      {at(ev, "requestContext", "stage"), "dev"},
		"resPath":    {at(ev, "requestContext", "resourcePath"), "/users/{name}"},
		"sourceIp":   {at(ev, "requestContext", "identity", "sourceIp"), "127.0.0.1"},
		"body":       {ev["body"], nil},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
	t.Run("DefaultStageStillAtRoot", func(t *testing.T) {
		ev := s.callAPI(t, true, id, "GET", "/users/bo", nil, "").json(t)
		if at(ev, "requestContext", "stage") != "$default" || ev["stageVariables"] != nil {
			t.Errorf("stage %v, variables %v", at(ev, "requestContext", "stage"), ev["stageVariables"])
		}
	})
	t.Run("Malformed", func(t *testing.T) {
		s.callAPI(t, true, id, "GET", "/bare", nil, "").expect(t, http.StatusBadGateway, `{"message":"Internal Server Error"}`)
	})
}

// TestAPIGatewayCorsAndTimeout checks CORS preflights and headers and the
// integration timeout.
func TestAPIGatewayCorsAndTimeout(t *testing.T) {
	s := startServer(t)
	fn := apigwFunction(t, s, "echo", "echo")
	apigwFunction(t, s, "slow", "slow")
	c := s.apigw()
	api, err := c.CreateApi(ctx(t), &apigatewayv2.CreateApiInput{
		Name: aws.String("cors"), ProtocolType: types.ProtocolTypeHttp, Target: aws.String(fn),
		CorsConfiguration: &types.Cors{AllowOrigins: []string{"https://app.example"}, AllowMethods: []string{"GET", "POST"},
			AllowHeaders: []string{"x-token"}, ExposeHeaders: []string{"x-echo"}, MaxAge: aws.Int32(600)},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(api.ApiId)
	allowAPI(t, s, "echo", id)
	t.Run("Preflight", func(t *testing.T) {
		r := s.callAPI(t, true, id, "OPTIONS", "/x", map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}, "")
		r.expect(t, http.StatusNoContent, "")
		want := map[string]string{"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "GET,POST",
			"Access-Control-Allow-Headers": "x-token", "Access-Control-Max-Age": "600"}
		for k, v := range want {
			if r.header.Get(k) != v {
				t.Errorf("%s = %q, want %q", k, r.header.Get(k), v)
			}
		}
	})
	t.Run("ConfiguredHeadersWin", func(t *testing.T) {
		r := s.callAPI(t, true, id, "GET", "/x", map[string]string{"Origin": "https://app.example"}, "")
		if r.header.Get("Access-Control-Allow-Origin") != "https://app.example" || r.header.Get("Access-Control-Expose-Headers") != "x-echo" {
			t.Errorf("headers = %v", r.header)
		}
	})
	t.Run("IntegrationTimeout", func(t *testing.T) {
		integ, err := c.CreateIntegration(ctx(t), &apigatewayv2.CreateIntegrationInput{
			ApiId: api.ApiId, IntegrationType: types.IntegrationTypeAwsProxy, PayloadFormatVersion: aws.String("2.0"),
			IntegrationUri: aws.String(strings.Replace(fn, ":echo", ":slow", 1)), TimeoutInMillis: aws.Int32(200),
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateRoute(ctx(t), &apigatewayv2.CreateRouteInput{ApiId: api.ApiId, RouteKey: aws.String("GET /slow"),
			Target: aws.String("integrations/" + aws.ToString(integ.IntegrationId))}); err != nil {
			t.Fatal(err)
		}
		allowAPI(t, s, "slow", id)
		s.callAPI(t, true, id, "GET", "/slow", nil, "").expect(t, http.StatusServiceUnavailable, `{"message":"Service Unavailable"}`)
	})
}

// port is the port the server listens on.
func (s *server) port() string { return s.endpoint[strings.LastIndex(s.endpoint, ":")+1:] }
