package cli

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/virga-dev/virga/internal/sam"
)

// applyTopic creates or updates one topic (CreateTopic is idempotent).
func (d *deployer) applyTopic(ctx context.Context, t sam.Topic, now map[string]string) error {
	dg := digest(t)
	arn, exists := byName(now, t.Name)
	if exists && now[arn] == dg {
		d.progress("topic %s unchanged", t.Name)
		return nil
	}
	d.progress("putting topic %s", t.Name)
	out, err := d.sns.CreateTopic(ctx, &sns.CreateTopicInput{Name: &t.Name, Attributes: t.Attributes})
	if err != nil {
		return err
	}
	_, err = d.sns.TagResource(ctx, &sns.TagResourceInput{ResourceArn: out.TopicArn, Tags: []snstypes.Tag{
		{Key: aws.String(tagStack), Value: &d.stack}, {Key: aws.String(tagDigest), Value: &dg}}})
	return err
}

// currentTopics finds the stack's topics: ARN → digest.
func (d *deployer) currentTopics(ctx context.Context) (map[string]string, error) {
	var arns []string
	pages := sns.NewListTopicsPaginator(d.sns, &sns.ListTopicsInput{})
	if err := eachPage(ctx, pages, func(p *sns.ListTopicsOutput) { arns = append(arns, topicArns(p.Topics)...) }); err != nil {
		return nil, err
	}
	return d.tagged(arns, func(arn string) (map[string]string, error) { return d.topicTags(ctx, arn) },
		func(arn string) string { return arn })
}

func topicArns(topics []snstypes.Topic) []string {
	arns := make([]string, len(topics))
	for i, t := range topics {
		arns[i] = aws.ToString(t.TopicArn)
	}
	return arns
}

func (d *deployer) topicTags(ctx context.Context, arn string) (map[string]string, error) {
	out, err := d.sns.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: &arn})
	tags := map[string]string{}
	if out != nil {
		for _, t := range out.Tags {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return tags, err
}

// subscribe subscribes a function (or its alias) to a topic and lets SNS
// invoke it.
func (d *deployer) subscribe(ctx context.Context, target, arn string, src sam.TopicSource) error {
	attrs := map[string]string{}
	if src.FilterPolicy != "" {
		attrs["FilterPolicy"] = src.FilterPolicy
	}
	if src.FilterScope != "" {
		attrs["FilterPolicyScope"] = src.FilterScope
	}
	_, err := d.sns.Subscribe(ctx, &sns.SubscribeInput{TopicArn: &src.TopicArn, Protocol: aws.String("lambda"), Endpoint: &arn, Attributes: attrs})
	if err != nil {
		return err
	}
	return d.permit(ctx, target, "sns-"+lastName(src.TopicArn), "sns.amazonaws.com", src.TopicArn)
}

// unsubscribe removes the subscriptions whose endpoint is arn.
func (d *deployer) unsubscribe(ctx context.Context, arn string) error {
	var subs []snstypes.Subscription
	pages := sns.NewListSubscriptionsPaginator(d.sns, &sns.ListSubscriptionsInput{})
	if err := eachPage(ctx, pages, func(p *sns.ListSubscriptionsOutput) { subs = append(subs, p.Subscriptions...) }); err != nil {
		return err
	}
	for _, s := range subs {
		if aws.ToString(s.Endpoint) != arn {
			continue
		}
		if _, err := d.sns.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: s.SubscriptionArn}); err != nil {
			return err
		}
	}
	return nil
}

// deleteTopic deletes one of the stack's topics.
func (d *deployer) deleteTopic(ctx context.Context, arn string) error {
	d.progress("deleting topic %s", lastName(arn))
	_, err := d.sns.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: &arn})
	return err
}
