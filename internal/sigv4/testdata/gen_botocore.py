#!/usr/bin/env python3
"""Regenerates botocore.json: requests signed by botocore's SigV4 signer.

The Go tests replay these requests against the verifier, so they check
compatibility with botocore (and so the aws CLI) without needing Python.
Run from this directory: python3 gen_botocore.py > botocore.json
"""
import datetime
import json

import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

NOW = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
botocore.auth.get_current_datetime = lambda *a, **k: NOW

ACCESS_KEY, SECRET = "AKIDVIRGAEXAMPLE", "virga/secret+key"
FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:fn"


class Captured(Exception):
    pass


def capture(service, call, **params):
    """Runs one client call and returns the signed request it would send."""
    session = botocore.session.get_session()
    client = session.create_client(
        service, region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9000",
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET,
        config=Config(retries={"max_attempts": 1}))
    seen = {}

    def before_send(request, **kwargs):
        seen["request"] = request
        raise Captured()

    client.meta.events.register("before-send", before_send)
    try:
        getattr(client, call)(**params)
    except Captured:
        pass
    return record(call, service, seen["request"])


def raw(name, method, url, body, headers):
    """Signs a hand-built request with SigV4Auth directly."""
    req = AWSRequest(method=method, url=url, data=body, headers=headers)
    botocore.auth.SigV4Auth(Credentials(ACCESS_KEY, SECRET), "lambda", "us-east-1").add_auth(req)
    return record(name, "lambda", req.prepare())


# Unsigned headers that vary by machine or run; fixed so the file is stable.
UNSIGNED = {"User-Agent": "Botocore/" + botocore.__version__,
            "amz-sdk-invocation-id": "00000000-0000-4000-8000-000000000000"}


def record(name, service, req):
    body = req.body or b""
    if isinstance(body, str):
        body = body.encode()
    headers = [[k, UNSIGNED.get(k, v if isinstance(v, str) else v.decode())] for k, v in req.headers.items()]
    return {
        "name": name,
        "service": service,
        "method": req.method,
        "url": req.url,
        "headers": headers,
        "body": body.decode(),
    }


cases = [
    capture("lambda", "invoke", FunctionName=FN_ARN, Qualifier="live", Payload=b'{"hello": "world"}'),
    capture("lambda", "untag_resource", Resource=FN_ARN, TagKeys=["b", "a", "with space", "x/y"]),
    capture("lambda", "list_functions", MaxItems=5),
    capture("lambda", "get_function", FunctionName="fn:$LATEST"),
    capture("sts", "get_caller_identity"),
    raw("dot-segments", "GET", "http://127.0.0.1:9000/2015-03-31//functions/./fn/../fn/configuration", b"",
        {"X-Amz-Meta": "  spaced   value  "}),
]
print(json.dumps({"access_key": ACCESS_KEY, "secret": SECRET, "time": NOW.strftime("%Y%m%dT%H%M%SZ"),
                  "botocore": botocore.__version__, "cases": cases}, indent=2))
