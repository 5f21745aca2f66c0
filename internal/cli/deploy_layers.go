package cli

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/virga-dev/virga/internal/sam"
)

// Layer versions have no tags: the stack and digest are written in the
// version's description instead, "virga:<stack>:<digest>".
func (d *deployer) layerMark(dg string) string { return "virga:" + d.stack + ":" + dg }

// plan expands the template, publishes its layers where their content
// changed, and expands it again with their version ARNs.
func (d *deployer) plan(ctx context.Context, f deployFlags) (*sam.Stack, error) {
	st, err := d.expand(ctx, f, nil)
	if err != nil || len(st.Layers) == 0 {
		return st, err
	}
	arns := map[string]string{}
	for _, l := range st.Layers {
		if arns[l.Logical], err = d.publishLayer(ctx, l); err != nil {
			return nil, err
		}
	}
	return d.expand(ctx, f, arns)
}

// publishLayer gives the ARN of the layer's newest version when its
// content and settings are unchanged, else publishes a new one.
func (d *deployer) publishLayer(ctx context.Context, l sam.Layer) (string, error) {
	content, err := sam.Zip(l.ContentDir)
	if err != nil {
		return "", err
	}
	mark := d.layerMark(digest(l.Runtimes, content))
	have, err := d.lambda.ListLayerVersions(ctx, &lambda.ListLayerVersionsInput{LayerName: &l.Name, MaxItems: aws.Int32(1)})
	if err == nil && len(have.LayerVersions) > 0 && aws.ToString(have.LayerVersions[0].Description) == mark {
		d.progress("layer %s unchanged", l.Name)
		return *have.LayerVersions[0].LayerVersionArn, nil
	}
	d.progress("publishing layer %s", l.Name)
	runtimes := make([]types.Runtime, len(l.Runtimes))
	for i, r := range l.Runtimes {
		runtimes[i] = types.Runtime(r)
	}
	out, err := d.lambda.PublishLayerVersion(ctx, &lambda.PublishLayerVersionInput{LayerName: &l.Name, Description: &mark,
		Content: &types.LayerVersionContentInput{ZipFile: content}, CompatibleRuntimes: runtimes})
	if err != nil {
		return "", err
	}
	return *out.LayerVersionArn, nil
}

// deleteLayers deletes the versions of the stack's layers that keep
// does not name.
func (d *deployer) deleteLayers(ctx context.Context, keep map[string]bool) error {
	layers, err := d.lambda.ListLayers(ctx, &lambda.ListLayersInput{})
	if err != nil {
		return err
	}
	for _, l := range layers.Layers {
		latest := l.LatestMatchingVersion
		if keep["layer:"+aws.ToString(l.LayerName)] || latest == nil || !strings.HasPrefix(aws.ToString(latest.Description), d.layerMark("")) {
			continue
		}
		if err := d.deleteLayer(ctx, aws.ToString(l.LayerName)); err != nil {
			return err
		}
	}
	return nil
}

func (d *deployer) deleteLayer(ctx context.Context, name string) error {
	d.progress("deleting layer %s", name)
	versions, err := d.lambda.ListLayerVersions(ctx, &lambda.ListLayerVersionsInput{LayerName: &name})
	if err != nil {
		return err
	}
	for _, v := range versions.LayerVersions {
		if _, err := d.lambda.DeleteLayerVersion(ctx, &lambda.DeleteLayerVersionInput{LayerName: &name, VersionNumber: &v.Version}); err != nil {
			return err
		}
	}
	return nil
}
