"""Drives Virga's SQS with boto3 (json 1.0) and checks what boto3 does not:
the MD5 digests, computed here by the published algorithm."""

import hashlib
import os
import struct
import time

import boto3

c = boto3.client("sqs", endpoint_url=os.environ["VIRGA_ENDPOINT"])


def md5_of_attributes(attrs):
    h = hashlib.md5()
    for name in sorted(attrs):
        v = attrs[name]
        for part in (name.encode(), v["DataType"].encode()):
            h.update(struct.pack("!I", len(part)) + part)
        if "BinaryValue" in v:
            h.update(b"\x02" + struct.pack("!I", len(v["BinaryValue"])) + v["BinaryValue"])
        else:
            value = v["StringValue"].encode()
            h.update(b"\x01" + struct.pack("!I", len(value)) + value)
    return h.hexdigest()


def check(cond, what):
    if not cond:
        raise SystemExit("FAIL: " + what)
    print("ok", what)


url = c.create_queue(QueueName="boto", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
attrs = {
    "Text": {"DataType": "String", "StringValue": "héllo"},
    "Number": {"DataType": "Number", "StringValue": "3.14"},
    "Raw": {"DataType": "Binary", "BinaryValue": b"\x00\xff\x10"},
    "Custom": {"DataType": "String.custom", "StringValue": "x"},
}
body = "body with ünïcödé and <xml> & stuff"
sent = c.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=attrs,
                      MessageSystemAttributes={"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}})
check(sent["MD5OfMessageBody"] == hashlib.md5(body.encode()).hexdigest(), "MD5OfMessageBody on send")
check(sent["MD5OfMessageAttributes"] == md5_of_attributes(attrs), "MD5OfMessageAttributes on send")
trace = {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}}
check(sent["MD5OfMessageSystemAttributes"] == md5_of_attributes(trace), "MD5OfMessageSystemAttributes on send")

got = c.receive_message(QueueUrl=url, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"])["Messages"][0]
check(got["Body"] == body and got["MD5OfBody"] == sent["MD5OfMessageBody"], "body and MD5OfBody on receive")
check(got["MD5OfMessageAttributes"] == md5_of_attributes(got["MessageAttributes"]), "MD5OfMessageAttributes on receive")
check(got["Attributes"]["AWSTraceHeader"].startswith("Root=1-"), "AWSTraceHeader on receive")
c.change_message_visibility(QueueUrl=url, ReceiptHandle=got["ReceiptHandle"], VisibilityTimeout=0)
some = c.receive_message(QueueUrl=url, WaitTimeSeconds=2, MessageAttributeNames=["Text", "Raw"])["Messages"][0]
check(sorted(some["MessageAttributes"]) == ["Raw", "Text"], "attribute names picked")
check(some["MD5OfMessageAttributes"] == md5_of_attributes(some["MessageAttributes"]), "MD5 of the attributes returned")
c.delete_message(QueueUrl=url, ReceiptHandle=some["ReceiptHandle"])

out = c.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": "m%d" % i} for i in range(10)])
check(len(out["Successful"]) == 10 and not out.get("Failed"), "send_message_batch")
n = 0
while True:
    msgs = c.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    if not msgs:
        break
    n += len(msgs)
    d = c.delete_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(msgs)])
    check(len(d["Successful"]) == len(msgs), "delete_message_batch")
check(n == 10, "received the batch")

start = time.time()
empty = c.receive_message(QueueUrl=url, WaitTimeSeconds=1)
check("Messages" not in empty and time.time() - start >= 0.9, "an empty long poll waits")

fifo = c.create_queue(QueueName="boto.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
for i in range(3):
    for g in "xy":
        c.send_message(QueueUrl=fifo, MessageBody=g + str(i), MessageGroupId=g, MessageDeduplicationId=g + str(i))
dup = c.send_message(QueueUrl=fifo, MessageBody="x0", MessageGroupId="x", MessageDeduplicationId="x0")
order = {"x": [], "y": []}
while True:
    msgs = c.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", [])
    if not msgs:
        break
    for m in msgs:
        order[m["Attributes"]["MessageGroupId"]].append(m["Body"])
        c.delete_message(QueueUrl=fifo, ReceiptHandle=m["ReceiptHandle"])
check(order == {"x": ["x0", "x1", "x2"], "y": ["y0", "y1", "y2"]}, "FIFO order per group and dedup: %s" % order)

try:
    c.get_queue_url(QueueName="nope")
    raise SystemExit("FAIL: no error for an unknown queue")
except c.exceptions.QueueDoesNotExist as e:
    check(e.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")
try:
    c.send_message(QueueUrl=fifo, MessageBody="x")
    raise SystemExit("FAIL: no error without a group id")
except c.exceptions.ClientError as e:
    check(e.response["Error"]["Code"] == "MissingParameter", "FIFO without MessageGroupId")
try:
    c.delete_message(QueueUrl=url, ReceiptHandle="garbage")
    raise SystemExit("FAIL: no error for a bad handle")
except c.exceptions.ReceiptHandleIsInvalid:
    check(True, "ReceiptHandleIsInvalid")
print("PASS")
