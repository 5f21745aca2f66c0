package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Tags that mark what a stack deployed. The resources themselves, kept in
// the server's JetStream store, are the stack's record: each carries its
// stack's name and the digest of what the template asked of it.
const (
	tagStack  = "virga:stack"
	tagDigest = "virga:digest"
)

// deployer applies a stack through the server's APIs.
type deployer struct {
	stack, region, endpoint string
	out                     io.Writer
	shiftStep               time.Duration // replaces each traffic shifting step's wait when set
	lambda                  *lambda.Client
	sqs                     *sqs.Client
	apis                    *apigatewayv2.Client
	events                  *eventbridge.Client
	sts                     *sts.Client
	iam                     *iam.Client
	sns                     *sns.Client
	schedules               *scheduler.Client
	s3                      *s3.Client
}

func newDeployer(ctx context.Context, dir dataDir, stack string, out io.Writer) (*deployer, error) {
	cfg, err := awsConfig(ctx, dir)
	if err != nil {
		return nil, err
	}
	return &deployer{stack: stack, region: cfg.Region, endpoint: strings.TrimSuffix(*cfg.BaseEndpoint, "/"), out: out,
		lambda: lambda.NewFromConfig(cfg), sqs: sqs.NewFromConfig(cfg), apis: apigatewayv2.NewFromConfig(cfg),
		events: eventbridge.NewFromConfig(cfg), sts: sts.NewFromConfig(cfg), iam: iam.NewFromConfig(cfg), sns: sns.NewFromConfig(cfg), schedules: scheduler.NewFromConfig(cfg),
		s3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })}, nil
}

// progress prints one step of a deploy.
func (d *deployer) progress(format string, args ...any) {
	fmt.Fprintf(d.out, "%s: "+format+"\n", append([]any{d.stack}, args...)...)
}

// tags marks a resource as the stack's, with the digest of its spec.
func (d *deployer) tags(digest string) map[string]string {
	return map[string]string{tagStack: d.stack, tagDigest: digest}
}

// digest is a stable fingerprint of what a resource should be.
func digest(parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		if b, ok := p.([]byte); ok {
			h.Write(b)
			continue
		}
		data, _ := json.Marshal(p)
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
