package sns

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// owns refuses a caller other than the administrator the topics of other
// accounts.
func (t *Topics) owns(caller string, ref topicRef, action string) error {
	if caller == t.cfg.Admin || caller == ref.Account {
		return nil
	}
	return aws.Errorf(aws.ErrAccessDenied, "User: arn:aws:iam::%s:root is not authorized to perform: SNS:%s on resource: %s",
		caller, action, ref.ARN())
}

// topicOf finds the topic an ARN names for a caller.
func (t *Topics) topicOf(ctx context.Context, caller, arn, member, action string) (*topic, error) {
	ref, err := t.parseTopicARN(arn, member)
	if err != nil {
		return nil, err
	}
	if err := t.owns(caller, ref, action); err != nil {
		return nil, err
	}
	tp, ok := t.cache.topic(ctx, ref.key())
	if !ok {
		return nil, topicNotFound()
	}
	return tp, nil
}

// TopicExists tells whether the topic an ARN names exists, for Lambda's
// dead-letter configs and destinations.
func (t *Topics) TopicExists(ctx context.Context, arn string) (bool, error) {
	_, ok := t.topicFor(ctx, arn)
	return ok, nil
}

// CreateTopic makes a topic in the caller's account, or returns the one of
// that name that has the same attributes.
func (t *Topics) CreateTopic(ctx context.Context, caller, name string, attrs map[string]string, tags []aws.Tag) (string, error) {
	ref := topicRef{Region: t.cfg.Region, Account: caller, Name: name}
	if err := checkNewTopic(ref, attrs); err != nil {
		return "", err
	}
	if err := checkTags(tags); err != nil {
		return "", err
	}
	fresh := &topic{Ref: ref, Created: time.Now().UTC(), Attrs: map[string]string{}, Tags: tags}
	for k, v := range attrs {
		if err := checkTopicAttribute(fresh, k, v); err != nil && k != attrFifoTopic {
			return "", err
		}
		if k != attrFifoTopic && v != "" {
			fresh.Attrs[k] = v
		}
	}
	_, err := store.Modify(ctx, t.topics, ref.key(), func(tp *topic, exists bool) error {
		if exists {
			return sameTopic(tp, fresh)
		}
		*tp = *fresh
		return nil
	})
	if err != nil {
		return "", err
	}
	t.cache.refreshTopic(ctx, ref.key())
	return ref.ARN(), nil
}

// checkNewTopic applies AWS's rules to a new topic's name and kind.
func checkNewTopic(ref topicRef, attrs map[string]string) error {
	fifoAttr, ok := attrs[attrFifoTopic]
	switch {
	case ok && fifoAttr != "true" && fifoAttr != "false":
		return invalid("Attributes Reason: FifoTopic: Invalid value [%s]. Must be true or false.", fifoAttr)
	case fifoAttr == "true" && !ref.fifo():
		return invalid("Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, " +
			"numbers, underscores, and hyphens, and must be between 1 and 256 characters long.")
	case !validTopicName(ref.Name):
		return invalid("Topic Name")
	}
	return nil
}

// sameTopic accepts a second CreateTopic of an existing topic when it asks
// for nothing different.
func sameTopic(old, fresh *topic) error {
	for k, v := range fresh.Attrs {
		if old.Attrs[k] != v {
			return invalid("Attributes Reason: Topic already exists with different attributes")
		}
	}
	for _, tag := range fresh.Tags {
		if !slices.Contains(old.Tags, tag) {
			return invalid("Tags Reason: Topic already exists with different tags")
		}
	}
	return store.Keep
}

// DeleteTopic removes a topic and its subscriptions; a topic that does not
// exist is no error.
func (t *Topics) DeleteTopic(ctx context.Context, caller, arn string) error {
	ref, err := t.parseTopicARN(arn, "TopicArn")
	if err != nil {
		return err
	}
	if err := t.owns(caller, ref, "DeleteTopic"); err != nil {
		return err
	}
	for _, s := range t.cache.subscriptionsOf(ref.ARN(), nil) {
		if err := t.deleteSubscription(ctx, s.sub.Ref.ID); err != nil {
			return err
		}
	}
	if err := t.topics.Delete(ctx, ref.key(), 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	t.cache.refreshTopic(ctx, ref.key())
	return nil
}

// ListTopics lists the caller's topics, 100 to a page.
func (t *Topics) ListTopics(caller, token string) (arns []string, next string, err error) {
	marker, ok := aws.ParseToken(token)
	if !ok {
		return nil, "", invalid("NextToken")
	}
	page, next := aws.PageFrom(t.cache.topicsOf(caller), func(tp *topic) string { return tp.Ref.ARN() }, marker, 100)
	for _, tp := range page {
		arns = append(arns, tp.Ref.ARN())
	}
	return arns, aws.Token(next), nil
}

// TopicAttributes are a topic's attributes, computed ones included.
func (t *Topics) TopicAttributes(ctx context.Context, caller, arn string) (map[string]string, error) {
	tp, err := t.topicOf(ctx, caller, arn, "TopicArn", "GetTopicAttributes")
	if err != nil {
		return nil, err
	}
	var counts subscriptionCounts
	for _, s := range t.cache.subscriptionsOf(tp.Ref.ARN(), nil) {
		if s.sub.Pending {
			counts.pending++
		} else {
			counts.confirmed++
		}
	}
	return tp.attributes(counts), nil
}

// SetTopicAttribute sets (or, with an empty value, clears) one attribute.
func (t *Topics) SetTopicAttribute(ctx context.Context, caller, arn, name, value string) error {
	tp, err := t.topicOf(ctx, caller, arn, "TopicArn", "SetTopicAttributes")
	if err != nil {
		return err
	}
	if err := checkTopicAttribute(tp, name, value); err != nil {
		return err
	}
	return t.changeTopic(ctx, tp.Ref, func(tp *topic) error {
		if tp.Attrs == nil {
			tp.Attrs = map[string]string{}
		}
		if value == "" {
			delete(tp.Attrs, name)
		} else {
			tp.Attrs[name] = value
		}
		return nil
	})
}

// changeTopic is a read-modify-write of a stored topic.
func (t *Topics) changeTopic(ctx context.Context, ref topicRef, change func(tp *topic) error) error {
	_, err := store.Modify(ctx, t.topics, ref.key(), func(tp *topic, exists bool) error {
		if !exists {
			return topicNotFound()
		}
		return change(tp)
	})
	if err == nil {
		t.cache.refreshTopic(ctx, ref.key())
	}
	return err
}

// tagged finds the topic a tagging operation names; a missing one is
// ResourceNotFound.
func (t *Topics) tagged(ctx context.Context, caller, arn, action string) (*topic, error) {
	tp, err := t.topicOf(ctx, caller, arn, "ResourceArn", action)
	if errors.Is(err, aws.ErrNotFound) {
		return nil, aws.Errorf(errResourceNotFound, "Resource does not exist")
	}
	return tp, err
}

// Tags lists a topic's tags.
func (t *Topics) Tags(ctx context.Context, caller, arn string) ([]aws.Tag, error) {
	tp, err := t.tagged(ctx, caller, arn, "ListTagsForResource")
	if err != nil {
		return nil, err
	}
	return tp.Tags, nil
}

// TagResource adds tags to a topic, replacing the values of keys it has.
func (t *Topics) TagResource(ctx context.Context, caller, arn string, tags []aws.Tag) error {
	tp, err := t.tagged(ctx, caller, arn, "TagResource")
	if err != nil {
		return err
	}
	if err := checkTags(tags); err != nil {
		return err
	}
	return t.changeTopic(ctx, tp.Ref, func(tp *topic) error {
		byKey := map[string]string{}
		for _, tag := range append(tp.Tags, tags...) {
			byKey[tag.Key] = tag.Value
		}
		if len(byKey) > maxTags {
			return tagLimit()
		}
		tp.Tags = tp.Tags[:0]
		for _, k := range slices.Sorted(maps.Keys(byKey)) {
			tp.Tags = append(tp.Tags, aws.Tag{Key: k, Value: byKey[k]})
		}
		return nil
	})
}

// UntagResource removes tags from a topic by key.
func (t *Topics) UntagResource(ctx context.Context, caller, arn string, keys []string) error {
	tp, err := t.tagged(ctx, caller, arn, "UntagResource")
	if err != nil {
		return err
	}
	return t.changeTopic(ctx, tp.Ref, func(tp *topic) error {
		tp.Tags = slices.DeleteFunc(tp.Tags, func(tag aws.Tag) bool { return slices.Contains(keys, tag.Key) })
		return nil
	})
}

const maxTags = 50

func tagLimit() error {
	return aws.Errorf(errTagLimit, "Could not complete request: tag quota of per resource exceeded")
}

// checkTags applies the model's limits to tags.
func checkTags(tags []aws.Tag) error {
	if len(tags) > maxTags {
		return tagLimit()
	}
	for _, tag := range tags {
		if tag.Key == "" || len(tag.Key) > 128 || len(tag.Value) > 256 {
			return invalid("Tags Reason: Tag keys must be between 1 and 128 characters and values at most 256")
		}
	}
	return nil
}
