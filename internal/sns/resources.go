package sns

import (
	"context"
	"fmt"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/policy"
)

// The resources IAM policies name for SNS's operations: a topic, as
// arn:aws:sns:region:account:name, which TopicArn (or Publish's TargetArn,
// or a tagging operation's ResourceArn) names and CreateTopic's Name makes;
// Publish to a phone number names the number. ListTopics and the
// subscription operations name none ("*"), as SNS has no subscription
// resource type.

// topicNamed is the resource of each operation that names a topic.
var topicNamed = map[string]func(t *Topics, c *awsproto.Call, in *input) string{
	"CreateTopic": func(t *Topics, c *awsproto.Call, in *input) string {
		return topicRef{Region: t.cfg.Region, Account: c.Account(), Name: in.Name}.ARN()
	},
	"DeleteTopic":              topicArn,
	"GetTopicAttributes":       topicArn,
	"SetTopicAttributes":       topicArn,
	"Subscribe":                topicArn,
	"ConfirmSubscription":      topicArn,
	"ListSubscriptionsByTopic": topicArn,
	"Publish":                  published,
	"PublishBatch":             topicArn,
	"ListTagsForResource":      resourceArn,
	"TagResource":              resourceArn,
	"UntagResource":            resourceArn,
}

func topicArn(_ *Topics, _ *awsproto.Call, in *input) string    { return in.TopicArn }
func resourceArn(_ *Topics, _ *awsproto.Call, in *input) string { return in.ResourceArn }

// published is what Publish sends to: a topic, an endpoint or a number.
func published(_ *Topics, _ *awsproto.Call, in *input) string {
	switch {
	case in.TopicArn != "":
		return in.TopicArn
	case in.TargetArn != "":
		return in.TargetArn
	}
	return in.PhoneNumber
}

// judged names each operation's IAM action, as SNS spells it in its
// refusals ("SNS:Publish", which PublishBatch needs too), and resource.
func (t *Topics) judged(ops []awsproto.Operation) []awsproto.Operation {
	for i := range ops {
		name := ops[i].Name
		ops[i].Action = "SNS:" + name
		if name == "PublishBatch" {
			ops[i].Action = "SNS:Publish"
		}
		if named, ok := topicNamed[name]; ok {
			ops[i].Resource = func(c *awsproto.Call) (string, error) {
				var in input
				if c.Decode(&in) != nil {
					return "*", nil // the handler answers the malformed form
				}
				if r := named(t, c, &in); r != "" {
					return r, nil
				}
				return "*", nil
			}
		}
	}
	return ops
}

// resourcePolicy is the topic policy (its Policy attribute) of the topic
// resource names, "" when it has none or does not exist.
func (t *Topics) resourcePolicy(c *awsproto.Call, resource string) (string, error) {
	return t.topicPolicy(c.R.Context(), resource), nil
}

func (t *Topics) topicPolicy(ctx context.Context, arn string) string {
	tp, ok := t.topicFor(ctx, arn)
	if !ok {
		return ""
	}
	return tp.Attrs[attrPolicy]
}

// mayPublish asks the topic's policy whether the service that makes d
// (EventBridge for a rule) may publish to it. A topic whose owner set no
// policy takes every delivery, as Virga's topics always did (decision
// 0035); one whose policy does not allow the service refuses it for good.
func mayPublish(tp *topic, d delivery.Delivery) error {
	service, doc := d.Attributes[delivery.AttrSourcePrincipal], tp.Attrs[attrPolicy]
	if service == "" || doc == "" {
		return nil
	}
	src := policy.Source{Service: service, ARN: d.Attributes[delivery.AttrSourceArn], Account: d.Attributes[delivery.AttrSourceAccount]}
	if policy.ServiceMay(doc, "SNS:Publish", tp.Ref.ARN(), src) {
		return nil
	}
	return fmt.Errorf("%w: the policy of topic %s does not allow %s to publish for %s", delivery.ErrPermanent, tp.Ref.ARN(), service, src.ARN)
}
