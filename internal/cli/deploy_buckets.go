package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/virga-dev/virga/internal/sam"
)

// makeBuckets creates the stack's missing buckets before its functions.
func (d *deployer) makeBuckets(ctx context.Context, buckets []sam.Bucket, now map[string]string) error {
	for _, b := range buckets {
		if err := d.makeBucket(ctx, b, now); err != nil {
			return fmt.Errorf("bucket %s: %w", b.Logical, err)
		}
	}
	return nil
}

// notifyBuckets puts the buckets' notifications once the functions and
// their permissions exist.
func (d *deployer) notifyBuckets(ctx context.Context, buckets []sam.Bucket, now map[string]string) error {
	for _, b := range buckets {
		if err := d.applyNotifications(ctx, b, now); err != nil {
			return fmt.Errorf("bucket %s: %w", b.Logical, err)
		}
	}
	return nil
}

// makeBucket creates a bucket the stack lacks, tagged as the stack's
// with no digest yet: its notifications are put once its functions exist.
func (d *deployer) makeBucket(ctx context.Context, b sam.Bucket, now map[string]string) error {
	if _, exists := now[b.Name]; exists {
		return nil
	}
	d.progress("creating bucket %s", b.Name)
	in := &s3.CreateBucketInput{Bucket: &b.Name}
	if d.region != "us-east-1" {
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(d.region)}
	}
	if _, err := d.s3.CreateBucket(ctx, in); err != nil {
		return err
	}
	return d.tagBucket(ctx, b.Name, "")
}

// applyNotifications puts a bucket's notification configuration when it
// changed.
func (d *deployer) applyNotifications(ctx context.Context, b sam.Bucket, now map[string]string) error {
	dg := digest(b)
	if now[b.Name] == dg {
		d.progress("bucket %s unchanged", b.Name)
		return nil
	}
	d.progress("putting the notifications of bucket %s", b.Name)
	if err := d.putNotifications(ctx, b.Name, b.Notifications); err != nil {
		return err
	}
	return d.tagBucket(ctx, b.Name, dg)
}

func (d *deployer) putNotifications(ctx context.Context, bucket string, list []sam.Notification) error {
	conf := &s3types.NotificationConfiguration{LambdaFunctionConfigurations: []s3types.LambdaFunctionConfiguration{}}
	for _, n := range list {
		for _, e := range n.Events {
			conf.LambdaFunctionConfigurations = append(conf.LambdaFunctionConfigurations, lambdaConfiguration(n, e))
		}
	}
	_, err := d.s3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: &bucket, NotificationConfiguration: conf})
	return err
}

// lambdaConfiguration is one event of an S3 event: SAM expands each of
// its Events into a configuration of its own.
func lambdaConfiguration(n sam.Notification, event string) s3types.LambdaFunctionConfiguration {
	c := s3types.LambdaFunctionConfiguration{LambdaFunctionArn: aws.String(n.Function), Events: []s3types.Event{s3types.Event(event)}}
	if len(n.Rules) > 0 {
		c.Filter = &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{}}
		for _, r := range n.Rules {
			c.Filter.Key.FilterRules = append(c.Filter.Key.FilterRules, s3types.FilterRule{Name: s3types.FilterRuleName(r.Name), Value: aws.String(r.Value)})
		}
	}
	return c
}

func (d *deployer) tagBucket(ctx context.Context, bucket, dg string) error {
	_, err := d.s3.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: &bucket, Tagging: &s3types.Tagging{TagSet: []s3types.Tag{
		{Key: aws.String(tagStack), Value: &d.stack}, {Key: aws.String(tagDigest), Value: &dg}}}})
	return err
}

// permitBuckets lets S3 invoke the function from the buckets of its S3
// events.
func (d *deployer) permitBuckets(ctx context.Context, fn sam.Function) error {
	for _, n := range fn.Notifications {
		if err := d.permit(ctx, fn.Target(), "s3-"+n.Bucket, "s3.amazonaws.com", "arn:aws:s3:::"+n.Bucket); err != nil {
			return err
		}
	}
	return nil
}

// currentBuckets finds the stack's buckets: name → digest.
func (d *deployer) currentBuckets(ctx context.Context) (map[string]string, error) {
	var names []string
	pages := s3.NewListBucketsPaginator(d.s3, &s3.ListBucketsInput{})
	err := eachPage(ctx, pages, func(p *s3.ListBucketsOutput) {
		for _, b := range p.Buckets {
			names = append(names, aws.ToString(b.Name))
		}
	})
	if err != nil {
		return nil, err
	}
	return d.tagged(names, func(name string) (map[string]string, error) { return d.bucketTags(ctx, name) },
		func(name string) string { return name })
}

// bucketTags reads a bucket's tags; a bucket without any has none.
func (d *deployer) bucketTags(ctx context.Context, bucket string) (map[string]string, error) {
	out, err := d.s3.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: &bucket})
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "NoSuchTagSet" {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, t := range out.TagSet {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}

// deleteBucket removes one of the stack's buckets and its notifications.
// As CloudFormation does, it refuses a bucket that still holds objects.
func (d *deployer) deleteBucket(ctx context.Context, bucket string) error {
	d.progress("deleting bucket %s", bucket)
	if err := d.putNotifications(ctx, bucket, nil); err != nil {
		return err
	}
	_, err := d.s3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &bucket})
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "BucketNotEmpty" {
		return fmt.Errorf("%w (as CloudFormation does, the bucket is kept: empty it and deploy again)", err)
	}
	return err
}
