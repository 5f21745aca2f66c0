package s3

import (
	"github.com/virga-dev/virga/internal/awsproto"
)

// operations is every operation the S3 API serves, with the IAM action it
// needs where that is not "s3:" and its name.
func (a *API) operations() []awsproto.Operation {
	return append([]awsproto.Operation{
		{Name: "ListBuckets", Handle: a.listBuckets, Action: "s3:ListAllMyBuckets"},

		bucketOp("CreateBucket", a.createBucket, ""),
		bucketOp("HeadBucket", a.headBucket, "s3:ListBucket"),
		bucketOp("DeleteBucket", a.deleteBucket, ""),
		bucketOp("GetBucketLocation", a.getBucketLocation, ""),
		bucketOp("GetBucketVersioning", a.getBucketVersioning, ""),
		bucketOp("ListObjects", a.listObjects, "s3:ListBucket"),
		bucketOp("ListObjectsV2", a.listObjectsV2, "s3:ListBucket"),
		bucketOp("ListMultipartUploads", a.listUploads, "s3:ListBucketMultipartUploads"),
		bucketOp("DeleteObjects", a.deleteObjects, "s3:DeleteObject"),
		bucketOp("GetBucketPolicy", a.getBucketPolicy, ""),
		bucketOp("PutBucketPolicy", a.putBucketPolicy, ""),
		bucketOp("DeleteBucketPolicy", a.deleteBucketPolicy, ""),
		bucketOp("GetBucketTagging", a.getBucketTagging, ""),
		bucketOp("PutBucketTagging", a.putBucketTagging, ""),
		bucketOp("DeleteBucketTagging", a.deleteBucketTagging, "s3:PutBucketTagging"),
		bucketOp("GetBucketNotificationConfiguration", a.getNotification, "s3:GetBucketNotification"),
		bucketOp("PutBucketNotificationConfiguration", a.putNotification, "s3:PutBucketNotification"),

		objectOp("PutObject", a.putObject, ""),
		objectOp("CopyObject", a.copyObject, "s3:PutObject"),
		objectOp("GetObject", a.getObject, ""),
		objectOp("HeadObject", a.getObject, "s3:GetObject"),
		objectOp("DeleteObject", a.deleteObject, ""),
		objectOp("GetObjectTagging", a.getObjectTagging, ""),
		objectOp("PutObjectTagging", a.putObjectTagging, ""),
		objectOp("DeleteObjectTagging", a.deleteObjectTagging, ""),
		objectOp("CreateMultipartUpload", a.createUpload, "s3:PutObject"),
		objectOp("UploadPart", a.uploadPart, "s3:PutObject"),
		objectOp("UploadPartCopy", a.uploadPartCopy, "s3:PutObject"),
		objectOp("CompleteMultipartUpload", a.completeUpload, "s3:PutObject"),
		objectOp("AbortMultipartUpload", a.abortUpload, ""),
		objectOp("ListParts", a.listParts, "s3:ListMultipartUploadParts"),
	}, a.unconfigured()...)
}

func bucketOp(name string, h func(c *awsproto.Call) error, action string) awsproto.Operation {
	return awsproto.Operation{Name: name, Handle: handle(h), Action: action, Resource: bucketARN}
}

func objectOp(name string, h func(c *awsproto.Call) error, action string) awsproto.Operation {
	return awsproto.Operation{Name: name, Handle: handle(h), Action: action, Resource: objectARN}
}

// handle answers a refusal of the body by its signature check as S3 does.
func handle(h func(c *awsproto.Call) error) func(c *awsproto.Call) error {
	return func(c *awsproto.Call) error { return bodyError(h(c)) }
}

func bucketARN(c *awsproto.Call) (string, error) {
	return "arn:aws:s3:::" + c.R.PathValue("bucket"), nil
}

func objectARN(c *awsproto.Call) (string, error) {
	return "arn:aws:s3:::" + c.R.PathValue("bucket") + "/" + c.R.PathValue("key"), nil
}
