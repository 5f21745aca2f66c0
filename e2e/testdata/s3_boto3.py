"""Drives Virga's S3 with boto3: a 100 MB multipart upload_file and its
download, compared by SHA-256, and tags, policies and multipart listings."""

import hashlib
import json
import os
import tempfile

import boto3
from botocore.exceptions import ClientError

c = boto3.client("s3", endpoint_url=os.environ["VIRGA_ENDPOINT"])


def check(cond, what):
    if not cond:
        raise SystemExit("FAIL: " + what)


def code(f):
    try:
        f()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


c.create_bucket(Bucket="boto")
with tempfile.TemporaryDirectory() as d:
    src, dst = os.path.join(d, "big.bin"), os.path.join(d, "back.bin")
    with open(src, "wb") as f:
        for _ in range(100):
            f.write(os.urandom(1 << 20))
    c.upload_file(src, "boto", "big/file.bin")
    head = c.head_object(Bucket="boto", Key="big/file.bin")
    check(head["ContentLength"] == 100 << 20, "size of the upload")
    check(head["ETag"].strip('"').endswith("-13"), "multipart ETag " + head["ETag"])
    c.download_file("boto", "big/file.bin", dst)
    check(sha256_of(src) == sha256_of(dst), "download matches the upload")

up = c.create_multipart_upload(Bucket="boto", Key="parts", ChecksumAlgorithm="SHA256")
part = c.upload_part(Bucket="boto", Key="parts", UploadId=up["UploadId"], PartNumber=1, Body=b"x" * 100, ChecksumAlgorithm="SHA256")
check("ChecksumSHA256" in part, "part checksum")
listed = c.list_parts(Bucket="boto", Key="parts", UploadId=up["UploadId"])
check([p["PartNumber"] for p in listed["Parts"]] == [1], "list_parts")
uploads = c.list_multipart_uploads(Bucket="boto")
check([u["UploadId"] for u in uploads.get("Uploads", [])] == [up["UploadId"]], "list_multipart_uploads")
bad = code(lambda: c.complete_multipart_upload(Bucket="boto", Key="parts", UploadId=up["UploadId"],
                                               MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": part["ETag"]}]}))
check(bad == "InvalidPart", "complete with a missing part: %s" % bad)
c.abort_multipart_upload(Bucket="boto", Key="parts", UploadId=up["UploadId"])
check(code(lambda: c.list_parts(Bucket="boto", Key="parts", UploadId=up["UploadId"])) == "NoSuchUpload", "aborted upload")

c.put_object(Bucket="boto", Key="tagged", Body=b"t", Tagging="a=1&b=two")
tags = c.get_object_tagging(Bucket="boto", Key="tagged")["TagSet"]
check(sorted((t["Key"], t["Value"]) for t in tags) == [("a", "1"), ("b", "two")], "object tags %s" % tags)
c.put_bucket_tagging(Bucket="boto", Tagging={"TagSet": [{"Key": "team", "Value": "core"}]})
check(c.get_bucket_tagging(Bucket="boto")["TagSet"] == [{"Key": "team", "Value": "core"}], "bucket tags")
policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::boto/*"}]}
c.put_bucket_policy(Bucket="boto", Policy=json.dumps(policy))
check(json.loads(c.get_bucket_policy(Bucket="boto")["Policy"]) == policy, "bucket policy")
c.delete_bucket_policy(Bucket="boto")
check(code(lambda: c.get_bucket_policy(Bucket="boto")) == "NoSuchBucketPolicy", "deleted policy")
check(c.get_bucket_location(Bucket="boto").get("LocationConstraint") is None, "location of a us-east-1 bucket")
listed = c.list_objects(Bucket="boto", Prefix="big/", EncodingType="url")
check([o["Key"] for o in listed["Contents"]] == ["big/file.bin"], "list_objects v1")
print("PASS")
