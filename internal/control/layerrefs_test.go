package control

import (
	"context"
	"testing"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/lambda"
)

func TestResolveLayers(t *testing.T) {
	ctx := context.Background()
	s := newLayerService()
	a := publish(t, s, "a")
	a2 := publish(t, s, "a")
	b := publish(t, s, "b")
	layers, codes, err := s.resolveLayers(ctx, []string{b.LayerVersionArn, a.LayerVersionArn})
	if err != nil {
		t.Fatal(err)
	}
	if layers[0].Arn != b.LayerVersionArn || layers[1].CodeSize != a.Content.CodeSize || codes[0].Blob != b.Blob || codes[1].Unzipped == 0 {
		t.Errorf("layers %+v codes %+v", layers, codes)
	}
	arn := func(name, v string) string { return "arn:aws:lambda:us-east-1:123456789012:layer:" + name + ":" + v }
	tests := []struct {
		name string
		arns []string
		kind error
		text string
	}{
		{"TooMany", []string{arn("a", "1"), arn("a", "1"), arn("a", "1"), arn("a", "1"), arn("a", "1"), arn("a", "1")}, aws.ErrInvalid, "Cannot reference more than 5 layers."},
		{"NotAVersion", []string{"arn:aws:lambda:us-east-1:123456789012:layer:a"}, aws.ErrValidation, "at 'layers' failed to satisfy constraint"},
		{"Missing", []string{arn("zzz", "1")}, aws.ErrInvalid, "Layer version " + arn("zzz", "1") + " does not exist."},
		{"OtherAccount", []string{"arn:aws:lambda:us-east-1:999999999999:layer:a:1"}, aws.ErrInvalid, "Layer version arn:aws:lambda:us-east-1:999999999999:layer:a:1 does not exist."},
		{"OtherRegion", []string{"arn:aws:lambda:eu-west-1:123456789012:layer:a:1"}, aws.ErrInvalid, "Layers are expected to be in region us-east-1."},
		{"SameLayer", []string{a.LayerVersionArn, a2.LayerVersionArn}, aws.ErrInvalid,
			"Two different versions of the same layer are not allowed to be referenced in the same function. " + a.LayerVersionArn + " and " + a2.LayerVersionArn + " are versions of the same layer."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.resolveLayers(ctx, tt.arns)
			wantError(t, err, tt.kind, tt.text)
		})
	}
}

func TestCheckCombinedSize(t *testing.T) {
	if err := checkCombinedSize(lambda.MaxUnzippedBytes-10, []layerCode{{Unzipped: 10}}); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	err := checkCombinedSize(lambda.MaxUnzippedBytes, []layerCode{{Unzipped: 5}, {Unzipped: 6}})
	wantError(t, err, aws.ErrInvalid,
		"Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. The actual size is 262144011 bytes.")
}
