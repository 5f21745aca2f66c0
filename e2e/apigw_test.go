package e2e

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"github.com/aws/smithy-go"
)

// TestAPIGatewayLifecycle drives the management operations with
// aws-sdk-go-v2: every resource of an API made, read, listed, changed and
// deleted, paging, tags and AWS's errors.
func TestAPIGatewayLifecycle(t *testing.T) {
	s := startServer(t)
	c := s.apigw()
	fn := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:f"
	var ids []string
	for _, name := range []string{"a", "b", "c"} {
		api, err := c.CreateApi(ctx(t), &apigatewayv2.CreateApiInput{Name: aws.String(name), ProtocolType: types.ProtocolTypeHttp,
			Tags: map[string]string{"team": name}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, aws.ToString(api.ApiId))
	}
	t.Run("Paging", func(t *testing.T) {
		var seen []string
		in := &apigatewayv2.GetApisInput{MaxResults: aws.String("2")}
		for pages := 0; pages == 0 || in.NextToken != nil; pages++ {
			page, err := c.GetApis(ctx(t), in)
			if err != nil || pages > 2 {
				t.Fatalf("page %d: %v", pages, err)
			}
			for _, a := range page.Items {
				seen = append(seen, aws.ToString(a.ApiId))
			}
			in.NextToken = page.NextToken
		}
		if len(seen) != 3 {
			t.Errorf("GetApis listed %v", seen)
		}
	})
	id := aws.String(ids[0])
	t.Run("UpdateApi", func(t *testing.T) {
		out, err := c.UpdateApi(ctx(t), &apigatewayv2.UpdateApiInput{ApiId: id, Description: aws.String("d"),
			CorsConfiguration: &types.Cors{AllowOrigins: []string{"*"}}})
		if err != nil || aws.ToString(out.Description) != "d" || out.CorsConfiguration == nil || aws.ToString(out.Name) != "a" {
			t.Fatalf("UpdateApi: %+v, %v", out, err)
		}
	})
	integ, err := c.CreateIntegration(ctx(t), &apigatewayv2.CreateIntegrationInput{ApiId: id, IntegrationType: types.IntegrationTypeAwsProxy,
		IntegrationUri: aws.String(fn + ":live"), PayloadFormatVersion: aws.String("2.0")})
	if err != nil || aws.ToInt32(integ.TimeoutInMillis) != 30000 || aws.ToString(integ.IntegrationMethod) != "POST" {
		t.Fatalf("CreateIntegration: %+v, %v", integ, err)
	}
	route, err := c.CreateRoute(ctx(t), &apigatewayv2.CreateRouteInput{ApiId: id, RouteKey: aws.String("GET /items/{id}"),
		Target: aws.String("integrations/" + aws.ToString(integ.IntegrationId))})
	if err != nil || route.AuthorizationType != types.AuthorizationTypeNone {
		t.Fatalf("CreateRoute: %+v, %v", route, err)
	}
	au, err := c.CreateAuthorizer(ctx(t), &apigatewayv2.CreateAuthorizerInput{ApiId: id, Name: aws.String("auth"),
		AuthorizerType: types.AuthorizerTypeRequest, AuthorizerUri: aws.String(fn), AuthorizerPayloadFormatVersion: aws.String("2.0"),
		EnableSimpleResponses: aws.Bool(true), IdentitySource: []string{"$request.header.Authorization"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Updates", func(t *testing.T) {
		if _, err := c.UpdateRoute(ctx(t), &apigatewayv2.UpdateRouteInput{ApiId: id, RouteId: route.RouteId,
			AuthorizationType: types.AuthorizationTypeCustom, AuthorizerId: au.AuthorizerId}); err != nil {
			t.Error(err)
		}
		if out, err := c.UpdateIntegration(ctx(t), &apigatewayv2.UpdateIntegrationInput{ApiId: id, IntegrationId: integ.IntegrationId,
			TimeoutInMillis: aws.Int32(5000)}); err != nil || aws.ToInt32(out.TimeoutInMillis) != 5000 {
			t.Errorf("UpdateIntegration: %+v, %v", out, err)
		}
		if out, err := c.UpdateAuthorizer(ctx(t), &apigatewayv2.UpdateAuthorizerInput{ApiId: id, AuthorizerId: au.AuthorizerId,
			AuthorizerResultTtlInSeconds: aws.Int32(60)}); err != nil || aws.ToInt32(out.AuthorizerResultTtlInSeconds) != 60 {
			t.Errorf("UpdateAuthorizer: %+v, %v", out, err)
		}
	})
	t.Run("ManualDeployment", func(t *testing.T) {
		if _, err := c.CreateStage(ctx(t), &apigatewayv2.CreateStageInput{ApiId: id, StageName: aws.String("prod"),
			StageVariables: map[string]string{"v": "1"}}); err != nil {
			t.Fatal(err)
		}
		d, err := c.CreateDeployment(ctx(t), &apigatewayv2.CreateDeploymentInput{ApiId: id, StageName: aws.String("prod")})
		if err != nil || d.DeploymentStatus != types.DeploymentStatusDeployed {
			t.Fatalf("CreateDeployment: %+v, %v", d, err)
		}
		st, err := c.GetStage(ctx(t), &apigatewayv2.GetStageInput{ApiId: id, StageName: aws.String("prod")})
		if err != nil || aws.ToString(st.DeploymentId) != aws.ToString(d.DeploymentId) || st.StageVariables["v"] != "1" {
			t.Fatalf("GetStage: %+v, %v", st, err)
		}
		list, err := c.GetDeployments(ctx(t), &apigatewayv2.GetDeploymentsInput{ApiId: id})
		if err != nil || len(list.Items) != 1 {
			t.Fatalf("GetDeployments: %+v, %v", list, err)
		}
		if _, err := c.UpdateStage(ctx(t), &apigatewayv2.UpdateStageInput{ApiId: id, StageName: aws.String("prod"), AutoDeploy: aws.Bool(true)}); err != nil {
			t.Fatal(err)
		}
		stages, err := c.GetStages(ctx(t), &apigatewayv2.GetStagesInput{ApiId: id})
		if err != nil || len(stages.Items) != 1 || !aws.ToBool(stages.Items[0].AutoDeploy) {
			t.Fatalf("GetStages: %+v, %v", stages, err)
		}
	})
	t.Run("Tags", func(t *testing.T) {
		resource := aws.String("arn:aws:apigateway:us-east-1::/apis/" + ids[0])
		if _, err := c.TagResource(ctx(t), &apigatewayv2.TagResourceInput{ResourceArn: resource, Tags: map[string]string{"env": "dev"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UntagResource(ctx(t), &apigatewayv2.UntagResourceInput{ResourceArn: resource, TagKeys: []string{"team"}}); err != nil {
			t.Fatal(err)
		}
		tags, err := c.GetTags(ctx(t), &apigatewayv2.GetTagsInput{ResourceArn: resource})
		if err != nil || len(tags.Tags) != 1 || tags.Tags["env"] != "dev" {
			t.Fatalf("GetTags: %+v, %v", tags, err)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		_, err := c.GetApi(ctx(t), &apigatewayv2.GetApiInput{ApiId: aws.String("nosuchapi0")})
		var nf *types.NotFoundException
		if !errors.As(err, &nf) {
			t.Errorf("GetApi of a missing API: %v", err)
		}
		_, err = c.CreateRoute(ctx(t), &apigatewayv2.CreateRouteInput{ApiId: id, RouteKey: aws.String("GET /items/{id}")})
		var conflict *types.ConflictException
		if !errors.As(err, &conflict) {
			t.Errorf("a second route with the same key: %v", err)
		}
		_, err = c.CreateIntegration(ctx(t), &apigatewayv2.CreateIntegrationInput{ApiId: id, IntegrationType: types.IntegrationTypeAwsProxy,
			IntegrationUri: aws.String(fn), PayloadFormatVersion: aws.String("2.0"), TimeoutInMillis: aws.Int32(10)})
		var bad *types.BadRequestException
		if !errors.As(err, &bad) {
			t.Errorf("a timeout of 10 ms: %v", err)
		}
		_, err = c.GetStage(ctx(t), &apigatewayv2.GetStageInput{ApiId: id, StageName: aws.String("nope")})
		if !errors.As(err, &nf) {
			t.Errorf("GetStage of a missing stage: %v", err)
		}
	})
	t.Run("Deletes", func(t *testing.T) {
		steps := []func() error{
			func() error {
				_, err := c.DeleteRoute(ctx(t), &apigatewayv2.DeleteRouteInput{ApiId: id, RouteId: route.RouteId})
				return err
			},
			func() error {
				_, err := c.DeleteIntegration(ctx(t), &apigatewayv2.DeleteIntegrationInput{ApiId: id, IntegrationId: integ.IntegrationId})
				return err
			},
			func() error {
				_, err := c.DeleteAuthorizer(ctx(t), &apigatewayv2.DeleteAuthorizerInput{ApiId: id, AuthorizerId: au.AuthorizerId})
				return err
			},
			func() error {
				_, err := c.DeleteStage(ctx(t), &apigatewayv2.DeleteStageInput{ApiId: id, StageName: aws.String("prod")})
				return err
			},
			func() error { _, err := c.DeleteApi(ctx(t), &apigatewayv2.DeleteApiInput{ApiId: id}); return err },
		}
		for i, step := range steps {
			if err := step(); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		_, err := c.GetApi(ctx(t), &apigatewayv2.GetApiInput{ApiId: id})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "NotFoundException" {
			t.Errorf("GetApi after DeleteApi: %v", err)
		}
	})
}

// TestAPIGatewayCLI drives an API's life through both aws CLIs.
func TestAPIGatewayCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	fn := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:f"
	eachCLI(t, true, func(t *testing.T, c awsCLI, bin string) {
		api := s.cliOK(t, bin, "apigatewayv2", "create-api", "--name", "cli-"+c.name, "--protocol-type", "HTTP",
			"--target", fn, "--tags", "team=core")
		id, _ := api["ApiId"].(string)
		if len(id) != 10 || api["ApiEndpoint"] != "http://"+id+".execute-api.localhost:"+s.port() {
			t.Fatalf("create-api printed %v", api)
		}
		routes := s.cliOK(t, bin, "apigatewayv2", "get-routes", "--api-id", id)
		if items, _ := routes["Items"].([]any); len(items) != 1 || at(items[0].(map[string]any), "RouteKey") != "$default" {
			t.Errorf("get-routes printed %v", routes)
		}
		integ := s.cliOK(t, bin, "apigatewayv2", "create-integration", "--api-id", id, "--integration-type", "AWS_PROXY",
			"--integration-uri", fn, "--payload-format-version", "1.0")
		s.cliOK(t, bin, "apigatewayv2", "create-route", "--api-id", id, "--route-key", "ANY /{proxy+}",
			"--target", "integrations/"+integ["IntegrationId"].(string))
		s.cliOK(t, bin, "apigatewayv2", "create-stage", "--api-id", id, "--stage-name", "dev", "--stage-variables", "color=blue")
		stages := s.cliOK(t, bin, "apigatewayv2", "get-stages", "--api-id", id)
		if items, _ := stages["Items"].([]any); len(items) != 2 {
			t.Errorf("get-stages printed %v", stages)
		}
		tags := s.cliOK(t, bin, "apigatewayv2", "get-tags", "--resource-arn", "arn:aws:apigateway:us-east-1::/apis/"+id)
		if at(tags, "Tags", "team") != "core" {
			t.Errorf("get-tags printed %v", tags)
		}
		if got := s.cliOK(t, bin, "apigatewayv2", "get-api", "--api-id", id); got["Name"] != "cli-"+c.name {
			t.Errorf("get-api printed %v", got)
		}
		s.cliOK(t, bin, "apigatewayv2", "delete-api", "--api-id", id)
		if _, err := s.cli(t, bin, "apigatewayv2", "get-api", "--api-id", id); err == nil {
			t.Error("get-api found the deleted API")
		}
	})
}
