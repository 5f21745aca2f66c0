package s3

import (
	"encoding/xml"
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// Virga keeps none of a bucket's optional configurations (CORS, website,
// lifecycle, replication, logging, acceleration, object lock, ACL grants):
// reading one answers as S3 does for a bucket that has none configured,
// and writing one is NotImplemented (the route has no operation).

// missing answers that the call's bucket has no configuration of a kind.
func (a *API) missing(code, message string) func(c *awsproto.Call) error {
	return func(c *awsproto.Call) error {
		if _, err := a.store.Bucket(c.R.Context(), c.R.PathValue("bucket")); err != nil {
			return err
		}
		return &aws.Error{Kind: aws.ErrNotFound, Code: code, Message: message}
	}
}

// fixed answers the document S3 gives for a bucket left at its defaults.
func (a *API) fixed(doc func(account string) any) func(c *awsproto.Call) error {
	return func(c *awsproto.Call) error {
		b, err := a.store.Bucket(c.R.Context(), c.R.PathValue("bucket"))
		if err != nil {
			return err
		}
		return c.Reply(http.StatusOK, doc(b.Account))
	}
}

// unconfigured are the read operations of the configurations Virga keeps
// none of.
func (a *API) unconfigured() []awsproto.Operation {
	return []awsproto.Operation{
		bucketOp("GetBucketCors", a.missing("NoSuchCORSConfiguration", "The CORS configuration does not exist"), "s3:GetBucketCORS"),
		bucketOp("GetBucketWebsite", a.missing("NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration"), ""),
		bucketOp("GetBucketLifecycleConfiguration", a.missing("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"), "s3:GetLifecycleConfiguration"),
		bucketOp("GetBucketReplication", a.missing("ReplicationConfigurationNotFoundError", "The replication configuration was not found"), "s3:GetReplicationConfiguration"),
		bucketOp("GetObjectLockConfiguration", a.missing("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket"), "s3:GetBucketObjectLockConfiguration"),
		bucketOp("GetBucketAcl", a.fixed(ownerACL), ""),
		bucketOp("GetBucketEncryption", a.fixed(defaultEncryption), "s3:GetEncryptionConfiguration"),
		bucketOp("GetBucketAccelerateConfiguration", a.fixed(noAcceleration), "s3:GetAccelerateConfiguration"),
		bucketOp("GetBucketRequestPayment", a.fixed(ownerPays), "s3:GetBucketRequestPayment"),
		bucketOp("GetBucketLogging", a.fixed(noLogging), "s3:GetBucketLogging"),
	}
}

// accessControlPolicy is an ACL of one grant.
type accessControlPolicy struct {
	XMLName    xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ AccessControlPolicy"`
	Owner      owner
	Grantee    grantee `xml:"AccessControlList>Grant>Grantee"`
	Permission string  `xml:"AccessControlList>Grant>Permission"`
}

// grantee is a canonical user, its type named by an xsi:type attribute.
type grantee struct {
	XSI         string `xml:"xmlns:xsi,attr"`
	Type        string `xml:"xsi:type,attr"`
	ID          string
	DisplayName string
}

// ownerACL is a bucket's ACL when none was set: its owner has full control.
func ownerACL(account string) any {
	o := ownerOf(account)
	return accessControlPolicy{Owner: o, Permission: "FULL_CONTROL",
		Grantee: grantee{XSI: "http://www.w3.org/2001/XMLSchema-instance", Type: "CanonicalUser", ID: o.ID, DisplayName: o.DisplayName}}
}

type encryptionConfiguration struct {
	XMLName xml.Name         `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ServerSideEncryptionConfiguration"`
	Rules   []encryptionRule `xml:"Rule"`
}

type encryptionRule struct {
	SSEAlgorithm     string `xml:"ApplyServerSideEncryptionByDefault>SSEAlgorithm"`
	BucketKeyEnabled bool
}

// defaultEncryption is the encryption every bucket has had since 2023:
// SSE-S3 (AES256).
func defaultEncryption(string) any {
	return encryptionConfiguration{Rules: []encryptionRule{{SSEAlgorithm: "AES256"}}}
}

type accelerateConfiguration struct {
	XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ AccelerateConfiguration"`
}

func noAcceleration(string) any { return accelerateConfiguration{} }

type requestPaymentConfiguration struct {
	XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ RequestPaymentConfiguration"`
	Payer   string
}

func ownerPays(string) any { return requestPaymentConfiguration{Payer: "BucketOwner"} }

type bucketLoggingStatus struct {
	XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ BucketLoggingStatus"`
}

func noLogging(string) any { return bucketLoggingStatus{} }
