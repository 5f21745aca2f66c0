package e2e

import (
	"testing"
)

func snsCall(name, action string, params ...string) exchange {
	return queryCall(name, "sns", "2010-03-31", action, params...)
}

// TestGoldenSNS pins the response of every SNS action, and of each kind of
// error a request can provoke.
func TestGoldenSNS(t *testing.T) {
	s := startServer(t)
	c := s.sns()
	prefix := "arn:aws:sns:us-east-1:" + s.admin.AccountID + ":"
	topic := prefix + "golden"
	kept := createTopic(t, c, "kept", nil)
	sub := subscribe(t, c, kept, "sqs", "arn:aws:sqs:us-east-1:"+s.admin.AccountID+":q", nil)
	fifo := prefix + "golden.fifo"
	wrong := account{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: "wrong"}

	runGolden(t, s, []exchange{
		// Topics.
		snsCall("create-topic", "CreateTopic", "Name", "golden", "Attributes.entry.1.key", "DisplayName",
			"Attributes.entry.1.value", "Golden", "Tags.member.1.Key", "team", "Tags.member.1.Value", "core"),
		snsCall("create-topic-fifo", "CreateTopic", "Name", "golden.fifo", "Attributes.entry.1.key", "FifoTopic",
			"Attributes.entry.1.value", "true"),
		snsCall("get-topic-attributes", "GetTopicAttributes", "TopicArn", topic),
		snsCall("set-topic-attributes", "SetTopicAttributes", "TopicArn", topic, "AttributeName", "DisplayName", "AttributeValue", "Renamed"),
		snsCall("list-topics", "ListTopics"),
		snsCall("tag-resource", "TagResource", "ResourceArn", topic, "Tags.member.1.Key", "stage", "Tags.member.1.Value", "dev"),
		snsCall("untag-resource", "UntagResource", "ResourceArn", topic, "TagKeys.member.1", "team"),
		snsCall("list-tags-for-resource", "ListTagsForResource", "ResourceArn", topic),

		// Subscriptions.
		snsCall("subscribe-lambda", "Subscribe", "TopicArn", topic, "Protocol", "lambda",
			"Endpoint", "arn:aws:lambda:us-east-1:"+s.admin.AccountID+":function:f"),
		snsCall("subscribe-http-pending", "Subscribe", "TopicArn", topic, "Protocol", "http", "Endpoint", "http://127.0.0.1:9/hook"),
		snsCall("list-subscriptions-by-topic", "ListSubscriptionsByTopic", "TopicArn", kept),
		snsCall("get-subscription-attributes", "GetSubscriptionAttributes", "SubscriptionArn", sub),
		snsCall("set-subscription-attributes", "SetSubscriptionAttributes", "SubscriptionArn", sub,
			"AttributeName", "FilterPolicy", "AttributeValue", `{"kind":["a"]}`),
		snsCall("unsubscribe", "Unsubscribe", "SubscriptionArn", sub),

		// Publishing.
		snsCall("publish", "Publish", "TopicArn", topic, "Message", "hello", "Subject", "hi",
			"MessageAttributes.entry.1.Name", "kind", "MessageAttributes.entry.1.Value.DataType", "String",
			"MessageAttributes.entry.1.Value.StringValue", "a"),
		snsCall("publish-fifo", "Publish", "TopicArn", fifo, "Message", "hello", "MessageGroupId", "g", "MessageDeduplicationId", "d"),
		snsCall("publish-batch", "PublishBatch", "TopicArn", topic,
			"PublishBatchRequestEntries.member.1.Id", "ok", "PublishBatchRequestEntries.member.1.Message", "one",
			"PublishBatchRequestEntries.member.2.Id", "bad", "PublishBatchRequestEntries.member.2.Message", "two",
			"PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name", "n",
			"PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType", "Number",
			"PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue", "x"),

		// Errors.
		snsCall("error-authorization-role-session", "Publish", "TopicArn", topic, "Message", "x").bySession(s.reader),
		snsCall("error-topic-not-found", "Publish", "TopicArn", prefix+"missing", "Message", "x"),
		snsCall("error-invalid-topic-arn", "GetTopicAttributes", "TopicArn", "not-an-arn"),
		snsCall("error-message-too-long", "Publish", "TopicArn", topic, "Message", string(make([]byte, 256*1024+1))),
		snsCall("error-empty-message", "Publish", "TopicArn", topic, "Message", ""),
		snsCall("error-bad-protocol", "Subscribe", "TopicArn", topic, "Protocol", "pigeon", "Endpoint", "roof"),
		snsCall("error-bad-http-endpoint", "Subscribe", "TopicArn", topic, "Protocol", "https", "Endpoint", "http://127.0.0.1/x"),
		snsCall("error-bad-sqs-endpoint", "Subscribe", "TopicArn", topic, "Protocol", "sqs", "Endpoint", "queue"),
		snsCall("error-invalid-filter-policy", "Subscribe", "TopicArn", topic, "Protocol", "sqs",
			"Endpoint", "arn:aws:sqs:us-east-1:"+s.admin.AccountID+":q2",
			"Attributes.entry.1.key", "FilterPolicy", "Attributes.entry.1.value", `{"a":[{"nope":1}]}`),
		snsCall("error-subscription-not-found", "GetSubscriptionAttributes", "SubscriptionArn", kept+":00000000-0000-4000-8000-000000000000"),
		snsCall("error-invalid-attribute", "SetTopicAttributes", "TopicArn", topic, "AttributeName", "Colour", "AttributeValue", "red"),
		snsCall("error-fifo-no-group", "Publish", "TopicArn", fifo, "Message", "x"),
		snsCall("error-bad-attribute-type", "Publish", "TopicArn", topic, "Message", "x",
			"MessageAttributes.entry.1.Name", "n", "MessageAttributes.entry.1.Value.DataType", "Text",
			"MessageAttributes.entry.1.Value.StringValue", "x"),
		snsCall("error-empty-batch", "PublishBatch", "TopicArn", topic),
		snsCall("error-tags-not-found", "ListTagsForResource", "ResourceArn", prefix+"missing"),
		snsCall("delete-topic", "DeleteTopic", "TopicArn", topic),
		snsCall("error-invalid-action", "CreatePlatformApplication", "Name", "x"),
		snsCall("error-bad-signature", "ListTopics").by(wrong),
	})
}
