package cli

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/virga-dev/virga/internal/sam"
)

// publish gives a function with AutoPublishAlias a new version and moves
// its alias there, all at once or in the steps of its DeploymentPreference.
func (d *deployer) publish(ctx context.Context, fn sam.Function) error {
	if fn.Alias == "" {
		return nil
	}
	v, err := d.lambda.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: &fn.Name})
	if err != nil {
		return err
	}
	alias, err := d.lambda.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: &fn.Name, Name: &fn.Alias})
	var missing *types.ResourceNotFoundException
	if errors.As(err, &missing) {
		d.progress("alias %s of %s: version %s", fn.Alias, fn.Name, *v.Version)
		_, err = d.lambda.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: &fn.Name, Name: &fn.Alias, FunctionVersion: v.Version})
		return err
	}
	if err != nil || *alias.FunctionVersion == *v.Version {
		return err
	}
	return d.shift(ctx, fn, *alias.FunctionVersion, *v.Version)
}

// shift moves an alias's traffic from version old to version next.
func (d *deployer) shift(ctx context.Context, fn sam.Function, old, next string) error {
	steps, err := sam.Steps(fn.Shifting)
	if err != nil {
		return err
	}
	for _, s := range steps {
		d.progress("alias %s of %s: %.0f%% on version %s, %.0f%% on version %s", fn.Alias, fn.Name, 100-100*s.Weight, old, 100*s.Weight, next)
		if err := d.route(ctx, fn, old, map[string]float64{next: s.Weight}); err != nil {
			return err
		}
		if err := d.sleep(ctx, s.Wait); err != nil {
			return err
		}
	}
	d.progress("alias %s of %s: version %s", fn.Alias, fn.Name, next)
	return d.route(ctx, fn, next, map[string]float64{})
}

func (d *deployer) route(ctx context.Context, fn sam.Function, version string, weights map[string]float64) error {
	_, err := d.lambda.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: &fn.Name, Name: &fn.Alias,
		FunctionVersion: aws.String(version), RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: weights}})
	return err
}

// sleep waits out a step, or --shift-step instead when it is set.
func (d *deployer) sleep(ctx context.Context, wait time.Duration) error {
	if d.shiftStep > 0 {
		wait = d.shiftStep
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(wait):
		return nil
	}
}
