"""Generate form_fixtures.json: real query-protocol request bodies.

Each fixture is an operation's parameters serialized by botocore's own
QuerySerializer and encoded the way botocore puts them on the wire; the Go
test decodes every body with DecodeForm and checks every field.

Run it from this directory and commit the output:

    python3 gen_form_fixtures.py [SQS_QUERY_MODEL] > form_fixtures.json

SQS now ships a JSON-protocol model; its query-protocol model (the one SQS
still answers in query mode) is in botocore releases before 1.31, for
example the copy bundled with the Google Cloud SDK, whose path is the
default below.
"""

import base64
import gzip
import json
import os
import sys

import botocore
from botocore.awsrequest import AWSRequest
from botocore.model import ServiceModel
from botocore.serialize import QuerySerializer

SQS_QUERY_MODEL = (
    "/usr/lib/google-cloud-sdk/lib/third_party/botocore/data/sqs/2012-11-05/service-2.json"
)
DATA = os.path.join(os.path.dirname(botocore.__file__), "data")


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return ServiceModel(json.load(f))


def model(service, version):
    return load(os.path.join(DATA, service, version, "service-2.json.gz"))


def sqs_cases():
    attr = {
        "Greeting": {"DataType": "String", "StringValue": "hello"},
        "Count": {"DataType": "Number", "StringValue": "42"},
        "Blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01binary\xff"},
        "Reserved": {"DataType": "String", "StringListValues": ["a", "b"], "BinaryListValues": [b"x"]},
    }
    return [
        ("SQSSendMessage", "SendMessage", {
            "QueueUrl": "http://localhost:9324/000000000000/orders",
            "MessageBody": "order #1 & more=stuff",
            "DelaySeconds": 5,
            "MessageAttributes": attr,
            "MessageSystemAttributes": {
                "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"},
            },
            "MessageDeduplicationId": "dedup-1",
            "MessageGroupId": "group-1",
        }),
        ("SQSSetQueueAttributes", "SetQueueAttributes", {
            "QueueUrl": "http://localhost:9324/000000000000/orders",
            "Attributes": {"VisibilityTimeout": "45", "DelaySeconds": "0", "Policy": '{"Version":"2012-10-17"}'},
        }),
        ("SQSSendMessageBatch", "SendMessageBatch", {
            "QueueUrl": "http://localhost:9324/000000000000/orders",
            "Entries": [
                {"Id": "a", "MessageBody": "first", "MessageAttributes": {"Greeting": attr["Greeting"]}},
                {"Id": "b", "MessageBody": "second", "DelaySeconds": 10},
            ],
        }),
        ("SQSReceiveMessage", "ReceiveMessage", {
            "QueueUrl": "http://localhost:9324/000000000000/orders",
            "AttributeNames": ["All", "ApproximateReceiveCount"],
            "MessageAttributeNames": [],
            "MaxNumberOfMessages": 10,
            "WaitTimeSeconds": 20,
        }),
        ("SQSCreateQueue", "CreateQueue", {
            "QueueName": "orders.fifo",
            "Attributes": {"FifoQueue": "true"},
            "tags": {"team": "payments", "env": "dev"},
        }),
        ("SQSUntagQueue", "UntagQueue", {
            "QueueUrl": "http://localhost:9324/000000000000/orders",
            "TagKeys": ["team", "env"],
        }),
    ]


def sns_cases():
    attrs = {
        "Greeting": {"DataType": "String", "StringValue": "hello"},
        "Colours": {"DataType": "String.Array", "StringValue": '["red","green"]'},
        "Blob": {"DataType": "Binary", "BinaryValue": b"\xde\xad\xbe\xef"},
    }
    topic = "arn:aws:sns:us-east-1:000000000000:orders"
    return [
        ("SNSCreateTopic", "CreateTopic", {
            "Name": "orders.fifo",
            "Attributes": {"FifoTopic": "true", "DisplayName": "Orders"},
            "Tags": [{"Key": "team", "Value": "payments"}, {"Key": "env", "Value": ""}],
        }),
        ("SNSPublish", "Publish", {
            "TopicArn": topic,
            "Message": "hello, world",
            "Subject": "greeting",
            "MessageAttributes": attrs,
        }),
        ("SNSSetSubscriptionAttributes", "SetSubscriptionAttributes", {
            "SubscriptionArn": topic + ":6b0e71bd-7e97-4d97-80ce-4a0994e55286",
            "AttributeName": "RawMessageDelivery",
            "AttributeValue": "true",
        }),
        ("SNSPublishBatch", "PublishBatch", {
            "TopicArn": topic,
            "PublishBatchRequestEntries": [
                {"Id": "1", "Message": "first", "MessageAttributes": {"Greeting": attrs["Greeting"]}},
                {"Id": "2", "Message": "second", "MessageGroupId": "g", "MessageDeduplicationId": "d"},
            ],
        }),
        ("SNSSubscribe", "Subscribe", {
            "TopicArn": topic,
            "Protocol": "sqs",
            "Endpoint": "arn:aws:sqs:us-east-1:000000000000:orders",
            "Attributes": {"RawMessageDelivery": "true"},
            "ReturnSubscriptionArn": True,
        }),
    ]


def iam_cases():
    policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    return [
        ("IAMCreateRole", "CreateRole", {
            "Path": "/service/",
            "RoleName": "lambda-exec",
            "AssumeRolePolicyDocument": policy,
            "Description": "runs functions",
            "MaxSessionDuration": 7200,
            "Tags": [{"Key": "team", "Value": "payments"}, {"Key": "cost centre", "Value": "42"}],
        }),
        ("IAMTagRole", "TagRole", {
            "RoleName": "lambda-exec",
            "Tags": [{"Key": "env", "Value": "dev"}],
        }),
        ("IAMTagRoleEmpty", "TagRole", {"RoleName": "lambda-exec", "Tags": []}),
        ("IAMUntagRole", "UntagRole", {"RoleName": "lambda-exec", "TagKeys": ["team", "cost centre"]}),
        ("IAMListRoles", "ListRoles", {"PathPrefix": "/service/", "MaxItems": 100}),
    ]


def sts_cases():
    return [
        ("STSAssumeRole", "AssumeRole", {
            "RoleArn": "arn:aws:iam::000000000000:role/lambda-exec",
            "RoleSessionName": "session-1",
            "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
            "DurationSeconds": 900,
            "Tags": [{"Key": "project", "Value": "virga"}],
            "TransitiveTagKeys": ["project"],
        }),
    ]


def body(service_model, operation, params):
    op = service_model.operation_model(operation)
    serialized = QuerySerializer().serialize_to_request(params, op)
    request = AWSRequest(method="POST", url="https://example.com/", data=serialized["body"])
    return request.prepare().body


def jsonable(value):
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(type(value))


def main():
    sqs = load(sys.argv[1] if len(sys.argv) > 1 else SQS_QUERY_MODEL)
    services = [
        ("sqs", sqs, sqs_cases()),
        ("sns", model("sns", "2010-03-31"), sns_cases()),
        ("iam", model("iam", "2010-05-08"), iam_cases()),
        ("sts", model("sts", "2011-06-15"), sts_cases()),
    ]
    fixtures = []
    for service, service_model, cases in services:
        for name, operation, params in cases:
            fixtures.append({
                "name": name,
                "service": service,
                "operation": operation,
                "params": params,
                "body": body(service_model, operation, params),
            })
    json.dump({"botocore": botocore.__version__, "fixtures": fixtures}, sys.stdout, indent=2, default=jsonable)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
