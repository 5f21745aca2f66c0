package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	apitypes "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/virga-dev/virga/internal/sam"
)

// applyAPI gives the stack one HTTP API with the routes of its functions'
// Api and HttpApi events; an API whose routes changed is made anew.
func (d *deployer) applyAPI(ctx context.Context, routes []sam.Route, now map[string]string) error {
	dg := digest(routes)
	for id, old := range now {
		if old == dg && len(routes) > 0 {
			d.progress("HTTP API %s unchanged: %s", id, d.apiURL(id))
			return nil
		}
	}
	if err := d.deleteAPIs(ctx, now); err != nil || len(routes) == 0 {
		return err
	}
	d.progress("creating HTTP API")
	api, err := d.apis.CreateApi(ctx, &apigatewayv2.CreateApiInput{Name: &d.stack, ProtocolType: apitypes.ProtocolTypeHttp, Tags: d.tags(dg)})
	if err != nil {
		return err
	}
	for _, r := range routes {
		if err := d.addRoute(ctx, *api.ApiId, r); err != nil {
			return fmt.Errorf("route %s: %w", r.Key, err)
		}
	}
	_, err = d.apis.CreateStage(ctx, &apigatewayv2.CreateStageInput{ApiId: api.ApiId, StageName: aws.String("$default"), AutoDeploy: aws.Bool(true)})
	if err == nil {
		d.progress("HTTP API %s: %s", *api.ApiId, d.apiURL(*api.ApiId))
	}
	return err
}

func (d *deployer) addRoute(ctx context.Context, apiID string, r sam.Route) error {
	fn, err := d.lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: &r.Function})
	if err != nil {
		return err
	}
	arn := *fn.Configuration.FunctionArn
	integ, err := d.apis.CreateIntegration(ctx, &apigatewayv2.CreateIntegrationInput{ApiId: &apiID,
		IntegrationType: apitypes.IntegrationTypeAwsProxy, IntegrationUri: &arn, PayloadFormatVersion: &r.PayloadVersion})
	if err != nil {
		return err
	}
	_, err = d.apis.CreateRoute(ctx, &apigatewayv2.CreateRouteInput{ApiId: &apiID, RouteKey: &r.Key,
		Target: aws.String("integrations/" + *integ.IntegrationId)})
	if err != nil {
		return err
	}
	source := fmt.Sprintf("arn:aws:execute-api:%s:%s:%s/*", d.region, accountOf(arn), apiID)
	return d.permit(ctx, r.Function, "virga-api-"+apiID, "apigateway.amazonaws.com", source)
}

func (d *deployer) deleteAPIs(ctx context.Context, ids map[string]string) error {
	for id := range ids {
		d.progress("deleting HTTP API %s", id)
		if _, err := d.apis.DeleteApi(ctx, &apigatewayv2.DeleteApiInput{ApiId: aws.String(id)}); err != nil {
			return err
		}
	}
	return nil
}

// apiURL is the path form of an API's invoke URL.
func (d *deployer) apiURL(id string) string { return d.endpoint + "/_virga/apis/" + id + "/" }

// accountOf is the account field of an ARN.
func accountOf(arn string) string {
	if parts := strings.Split(arn, ":"); len(parts) > 4 {
		return parts[4]
	}
	return ""
}
