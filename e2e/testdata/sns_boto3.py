"""Drives Virga's SNS with boto3: topics, attributes, tags, subscriptions,
a filtered raw queue subscription, publish and publish_batch, and errors."""
import json
import os
import time

import boto3
from botocore.exceptions import ClientError

endpoint = os.environ["VIRGA_ENDPOINT"]
sns = boto3.client("sns", endpoint_url=endpoint)
sqs = boto3.client("sqs", endpoint_url=endpoint)

topic = sns.create_topic(Name="boto", Attributes={"DisplayName": "Boto"}, Tags=[{"Key": "team", "Value": "core"}])["TopicArn"]
assert sns.create_topic(Name="boto", Attributes={"DisplayName": "Boto"})["TopicArn"] == topic
attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
assert attrs["DisplayName"] == "Boto" and attrs["TopicArn"] == topic, attrs
sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="Renamed")
assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["DisplayName"] == "Renamed"
assert topic in [t["TopicArn"] for t in sns.list_topics()["Topics"]]
sns.tag_resource(ResourceArn=topic, Tags=[{"Key": "stage", "Value": "dev"}])
tags = {t["Key"]: t["Value"] for t in sns.list_tags_for_resource(ResourceArn=topic)["Tags"]}
assert tags == {"team": "core", "stage": "dev"}, tags
sns.untag_resource(ResourceArn=topic, TagKeys=["team"])

url = sqs.create_queue(QueueName="boto-sink")["QueueUrl"]
qarn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
sub = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn, ReturnSubscriptionArn=True,
                    Attributes={"RawMessageDelivery": "true", "FilterPolicy": json.dumps({"kind": ["keep"]})})["SubscriptionArn"]
sattrs = sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]
assert sattrs["RawMessageDelivery"] == "true" and sattrs["FilterPolicyScope"] == "MessageAttributes", sattrs
assert [s["SubscriptionArn"] for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]] == [sub]

keep = {"kind": {"DataType": "String", "StringValue": "keep"}}
sns.publish(TopicArn=topic, Message="first", MessageAttributes=keep)
sns.publish(TopicArn=topic, Message="dropped", MessageAttributes={"kind": {"DataType": "String", "StringValue": "drop"}})
batch = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
    {"Id": "a", "Message": "second", "MessageAttributes": keep},
    {"Id": "b", "Message": "third", "MessageAttributes": keep},
    {"Id": "c", "Message": "bad", "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "x"}}},
])
assert [s["Id"] for s in batch["Successful"]] == ["a", "b"], batch
assert batch["Failed"][0]["Id"] == "c" and batch["Failed"][0]["Code"] == "ParameterValueInvalid", batch

bodies = []
deadline = time.time() + 20
while len(bodies) < 3 and time.time() < deadline:
    for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
        bodies.append(m["Body"])
        sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
assert sorted(bodies) == ["first", "second", "third"], bodies


def error(fn, **kw):
    try:
        fn(**kw)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("no error from %s" % fn)


missing = topic + "-missing"
assert error(sns.publish, TopicArn=missing, Message="x") == ("NotFound", "Topic does not exist", 404)
assert error(sns.publish, TopicArn=topic, Message="x" * (256 * 1024 + 1)) == ("InvalidParameter", "Invalid parameter: Message too long", 400)
assert error(sns.subscribe, TopicArn=topic, Protocol="carrier-pigeon", Endpoint="roof")[0] == "InvalidParameter"
code, msg, _ = error(sns.set_subscription_attributes, SubscriptionArn=sub, AttributeName="FilterPolicy", AttributeValue='{"a": [{"nope": 1}]}')
assert code == "InvalidParameter" and msg.startswith("Invalid parameter: FilterPolicy:"), msg
sns.unsubscribe(SubscriptionArn=sub)
sns.delete_topic(TopicArn=topic)
assert error(sns.get_topic_attributes, TopicArn=topic)[0] == "NotFound"
print("PASS")
