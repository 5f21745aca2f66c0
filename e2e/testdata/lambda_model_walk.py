"""Walks every operation of the Lambda model boto3 ships with a valid
request built from the model, and checks that Virga routes each one: no
answer is "No operation matches" or a 500. Deletes run last, so that the
function, alias, version and layer the others name exist while they run."""

import datetime
import io
import os
import zipfile

import boto3
import botocore.config
import botocore.exceptions

ENDPOINT = os.environ["VIRGA_ENDPOINT"]
ACCOUNT = os.environ["VIRGA_ACCOUNT"]
FN = "walk"
FN_ARN = "arn:aws:lambda:us-east-1:%s:function:%s" % (ACCOUNT, FN)
LAYER_ARN = "arn:aws:lambda:us-east-1:%s:layer:walklayer" % ACCOUNT

c = boto3.client(
    "lambda",
    endpoint_url=ENDPOINT,
    config=botocore.config.Config(retries={"max_attempts": 0}, parameter_validation=False),
)


def code():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buf.getvalue()


# Values for members whose name says what they must hold; the rest are
# built from their shapes.
KNOWN = {
    "FunctionName": FN,
    "Qualifier": "1",
    "Name": "live",
    "FunctionVersion": "1",
    "LayerName": "walklayer",
    "VersionNumber": 1,
    "Arn": LAYER_ARN + ":1",
    "Resource": FN_ARN,
    "StatementId": "walk",
    "Action": "lambda:InvokeFunction",
    "Principal": "s3.amazonaws.com",
    "Role": "arn:aws:iam::123456789012:role/lambda-role",
    "Runtime": "python3.12",
    "Handler": "index.handler",
    "Code": {"ZipFile": code()},
    "Content": {"ZipFile": code()},
    "ZipFile": code(),
    "InvokeArgs": b"{}",
    "Payload": b"{}",
    "Tags": {"walk": "yes"},
    "TagKeys": ["walk"],
    "RecursiveLoop": "Allow",
    "UpdateRuntimeOn": "Auto",
    "ReservedConcurrentExecutions": 1,
    "ProvisionedConcurrentExecutions": 1,
    "AuthType": "NONE",
    "EventSourceArn": "arn:aws:sqs:us-east-1:%s:walk" % ACCOUNT,
    "UUID": "00000000-0000-0000-0000-000000000000",
    "CodeSigningConfigArn": "arn:aws:lambda:us-east-1:%s:code-signing-config:csc-0123456789abcdef0" % ACCOUNT,
    "CapacityProviderName": "walk",
    "DurableExecutionArn": FN_ARN + ":1/durable-execution/walk/0",
    "CallbackId": "d2Fsaw==",
    "CheckpointToken": "d2Fsaw==",
}


def value(name, shape, depth=0):
    if name in KNOWN:
        return KNOWN[name]
    t = shape.type_name
    if t == "structure":
        return {m: value(m, shape.members[m], depth + 1) for m in shape.required_members} if depth < 4 else {}
    if t == "list":
        return [value(name, shape.member, depth + 1)] if depth < 4 else []
    if t == "map":
        return {}
    if t == "string":
        return shape.enum[0] if shape.enum else "walk"
    if t in ("integer", "long"):
        return int(shape.metadata.get("min", 1))
    if t in ("double", "float"):
        return 0.5
    if t == "boolean":
        return False
    if t == "blob":
        return b"{}"
    if t == "timestamp":
        return datetime.datetime.now(datetime.timezone.utc)
    raise SystemExit("FAIL: no value for %s (%s)" % (name, t))


def request(op):
    shape = c.meta.service_model.operation_model(op).input_shape
    if shape is None:
        return {}
    return {m: value(m, shape.members[m]) for m in shape.required_members}


def last(op):
    """Deletes and removals after the rest, DeleteFunction last of all."""
    return (op == "DeleteFunction", op.startswith(("Delete", "Remove", "Untag")), op)


def setup():
    c.create_function(FunctionName=FN, Runtime="python3.12", Role=KNOWN["Role"], Handler="index.handler", Code={"ZipFile": code()})
    c.get_waiter("function_active_v2").wait(FunctionName=FN)
    c.publish_version(FunctionName=FN)
    c.create_alias(FunctionName=FN, Name="live", FunctionVersion="1")
    c.publish_layer_version(LayerName="walklayer", Content={"ZipFile": code()})


def main():
    setup()
    failures = []
    ops = sorted(c.meta.service_model.operation_names, key=last)
    for op in ops:
        method = getattr(c, c.meta.method_to_api_mapping and {v: k for k, v in c.meta.method_to_api_mapping.items()}[op])
        try:
            resp = method(**request(op))
            status = resp["ResponseMetadata"]["HTTPStatusCode"]
            message = ""
            if hasattr(resp.get("EventStream"), "__iter__"):
                for _ in resp["EventStream"]:
                    pass
        except botocore.exceptions.ClientError as e:
            status = e.response["ResponseMetadata"]["HTTPStatusCode"]
            message = e.response["Error"].get("Message", "")
        print("%-40s %d %s" % (op, status, message[:120]))
        if status >= 500 or "No operation matches" in message:
            failures.append(op)
    if len(ops) < 80:
        raise SystemExit("FAIL: only %d operations in the model" % len(ops))
    if failures:
        raise SystemExit("FAIL: unrouted or failing: " + ", ".join(failures))
    print("PASS")


main()
