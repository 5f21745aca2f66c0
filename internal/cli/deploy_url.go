package cli

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/virga-dev/virga/internal/sam"
)

// putURL gives the function (its alias, when it has one) the template's
// function URL, or removes one it no longer declares. An AuthType NONE URL
// is opened to everyone, as SAM does.
func (d *deployer) putURL(ctx context.Context, fn sam.Function) error {
	in := &lambda.DeleteFunctionUrlConfigInput{FunctionName: &fn.Name}
	if fn.Alias != "" {
		in.Qualifier = &fn.Alias
	}
	_, err := d.lambda.DeleteFunctionUrlConfig(ctx, in)
	var missing *types.ResourceNotFoundException
	if err != nil && !errors.As(err, &missing) {
		return err
	}
	if fn.URLAuth == "" {
		return nil
	}
	out, err := d.lambda.CreateFunctionUrlConfig(ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: &fn.Name,
		Qualifier: in.Qualifier, AuthType: types.FunctionUrlAuthType(fn.URLAuth)})
	if err != nil {
		return err
	}
	d.progress("function URL of %s: %s", fn.Name, aws.ToString(out.FunctionUrl))
	if fn.URLAuth != "NONE" {
		return nil
	}
	sid := "FunctionURLAllowPublicAccess"
	target := fn.Target()
	_, _ = d.lambda.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: &target, StatementId: &sid})
	_, err = d.lambda.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: &target, StatementId: &sid,
		Action: aws.String("lambda:InvokeFunctionUrl"), Principal: aws.String("*"), FunctionUrlAuthType: types.FunctionUrlAuthTypeNone})
	return err
}
