package sns

import (
	"github.com/virga-dev/virga/internal/awsproto"
)

func (t *Topics) createTopic(c *awsproto.Call, in *input) (any, error) {
	if err := required("name", in.Name != ""); err != nil {
		return nil, err
	}
	arn, err := t.CreateTopic(c.R.Context(), c.Acting(), in.Name, in.Attributes, in.Tags)
	return struct{ TopicArn string }{arn}, err
}

func (t *Topics) deleteTopic(c *awsproto.Call, in *input) (any, error) {
	if err := required("topicArn", in.TopicArn != ""); err != nil {
		return nil, err
	}
	return nil, t.DeleteTopic(c.R.Context(), c.Acting(), in.TopicArn)
}

func (t *Topics) listTopics(c *awsproto.Call, in *input) (any, error) {
	arns, next, err := t.ListTopics(c.Acting(), in.NextToken)
	if err != nil {
		return nil, err
	}
	out := xmlTopics{NextToken: next, Topics: members[xmlTopic]{Member: []xmlTopic{}}}
	for _, a := range arns {
		out.Topics.Member = append(out.Topics.Member, xmlTopic{a})
	}
	return out, nil
}

func (t *Topics) getTopicAttributes(c *awsproto.Call, in *input) (any, error) {
	if err := required("topicArn", in.TopicArn != ""); err != nil {
		return nil, err
	}
	attrs, err := t.TopicAttributes(c.R.Context(), c.Acting(), in.TopicArn)
	return xmlAttributes{Attributes: entriesOf(attrs)}, err
}

func (t *Topics) setTopicAttributes(c *awsproto.Call, in *input) (any, error) {
	if err := required("attributeName", in.AttributeName != ""); err != nil {
		return nil, err
	}
	return nil, t.SetTopicAttribute(c.R.Context(), c.Acting(), in.TopicArn, in.AttributeName, in.AttributeValue)
}

func (t *Topics) subscribe(c *awsproto.Call, in *input) (any, error) {
	if err := required("protocol", in.Protocol != ""); err != nil {
		return nil, err
	}
	arn, err := t.Subscribe(c.R.Context(), c.Acting(), SubscribeInput{
		TopicArn: in.TopicArn, Protocol: in.Protocol, Endpoint: in.Endpoint, Attributes: in.Attributes,
		ReturnSubscriptionArn: in.ReturnSubscriptionArn,
	})
	return struct{ SubscriptionArn string }{arn}, err
}

func (t *Topics) confirmSubscription(c *awsproto.Call, in *input) (any, error) {
	if err := required("token", in.Token != ""); err != nil {
		return nil, err
	}
	arn, err := t.ConfirmSubscription(c.R.Context(), in.TopicArn, in.Token, in.AuthenticateOnUnsubscribe == "true", true)
	return struct{ SubscriptionArn string }{arn}, err
}

func (t *Topics) unsubscribe(c *awsproto.Call, in *input) (any, error) {
	if err := required("subscriptionArn", in.SubscriptionArn != ""); err != nil {
		return nil, err
	}
	return nil, t.Unsubscribe(c.R.Context(), c.Acting(), in.SubscriptionArn, true)
}

func (t *Topics) listSubscriptions(c *awsproto.Call, in *input) (any, error) {
	return t.subscriptionList(c, "", in.NextToken)
}

func (t *Topics) listSubscriptionsByTopic(c *awsproto.Call, in *input) (any, error) {
	if err := required("topicArn", in.TopicArn != ""); err != nil {
		return nil, err
	}
	return t.subscriptionList(c, in.TopicArn, in.NextToken)
}

func (t *Topics) subscriptionList(c *awsproto.Call, topicARN, token string) (any, error) {
	subs, next, err := t.ListSubscriptions(c.R.Context(), c.Acting(), topicARN, token)
	if err != nil {
		return nil, err
	}
	return xmlSubscriptions{Subscriptions: members[SubscriptionSummary]{Member: subs}, NextToken: next}, nil
}

func (t *Topics) getSubscriptionAttributes(c *awsproto.Call, in *input) (any, error) {
	if err := required("subscriptionArn", in.SubscriptionArn != ""); err != nil {
		return nil, err
	}
	attrs, err := t.SubscriptionAttributes(c.R.Context(), c.Acting(), in.SubscriptionArn)
	return xmlAttributes{Attributes: entriesOf(attrs)}, err
}

func (t *Topics) setSubscriptionAttributes(c *awsproto.Call, in *input) (any, error) {
	if err := required("attributeName", in.AttributeName != ""); err != nil {
		return nil, err
	}
	return nil, t.SetSubscriptionAttribute(c.R.Context(), c.Acting(), in.SubscriptionArn, in.AttributeName, in.AttributeValue)
}

func (t *Topics) publish(c *awsproto.Call, in *input) (any, error) {
	if err := required("message", in.Message != nil); err != nil {
		return nil, err
	}
	if in.PhoneNumber != "" {
		return nil, invalid("PhoneNumber Reason: Virga does not send SMS messages")
	}
	topicARN := in.TopicArn
	if topicARN == "" {
		topicARN = in.TargetArn
	}
	out, err := t.Publish(c.R.Context(), c.Acting(), PublishInput{
		TopicArn: topicARN, Message: *in.Message, Subject: in.Subject, MessageStructure: in.MessageStructure,
		MessageAttributes: in.MessageAttributes, MessageGroupId: in.MessageGroupId, MessageDeduplicationId: in.MessageDeduplicationId,
	})
	return xmlPublish{MessageId: out.MessageId, SequenceNumber: out.SequenceNumber}, err
}

func (t *Topics) publishBatch(c *awsproto.Call, in *input) (any, error) {
	if err := required("topicArn", in.TopicArn != ""); err != nil {
		return nil, err
	}
	entries := make([]BatchEntry, len(in.PublishBatchRequestEntries))
	for i, e := range in.PublishBatchRequestEntries {
		entries[i] = BatchEntry{Id: e.Id, PublishInput: PublishInput{
			Message: e.Message, Subject: e.Subject, MessageStructure: e.MessageStructure, MessageAttributes: e.MessageAttributes,
			MessageGroupId: e.MessageGroupId, MessageDeduplicationId: e.MessageDeduplicationId,
		}}
	}
	res, err := t.PublishBatch(c.R.Context(), c.Acting(), in.TopicArn, entries)
	if err != nil {
		return nil, err
	}
	return xmlBatch{Successful: members[BatchSuccess]{Member: res.Successful}, Failed: members[BatchFailure]{Member: res.Failed}}, nil
}

func (t *Topics) listTags(c *awsproto.Call, in *input) (any, error) {
	if err := required("resourceArn", in.ResourceArn != ""); err != nil {
		return nil, err
	}
	tags, err := t.Tags(c.R.Context(), c.Acting(), in.ResourceArn)
	return xmlTags{Tags: members[xmlTag]{Member: tagsXML(tags)}}, err
}

func (t *Topics) tagResource(c *awsproto.Call, in *input) (any, error) {
	if err := required("resourceArn", in.ResourceArn != ""); err != nil {
		return nil, err
	}
	return struct{}{}, t.TagResource(c.R.Context(), c.Acting(), in.ResourceArn, in.Tags)
}

func (t *Topics) untagResource(c *awsproto.Call, in *input) (any, error) {
	if err := required("resourceArn", in.ResourceArn != ""); err != nil {
		return nil, err
	}
	return struct{}{}, t.UntagResource(c.R.Context(), c.Acting(), in.ResourceArn, in.TagKeys)
}
