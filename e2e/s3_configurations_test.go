package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// s3Configurations reads, through the SDK's own decoders, the
// configurations a bucket has none of, as Terraform does on every refresh,
// and expects writing one to be NotImplemented.
func s3Configurations(t *testing.T, c *s3.Client) {
	ctx, bucket := ctx(t), aws.String("sdk")
	acl, err := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: bucket})
	if err != nil || len(acl.Grants) != 1 || acl.Grants[0].Grantee.Type != types.TypeCanonicalUser ||
		acl.Grants[0].Permission != types.PermissionFullControl || aws.ToString(acl.Grants[0].Grantee.ID) != aws.ToString(acl.Owner.ID) {
		t.Errorf("GetBucketAcl: %+v %v", acl, err)
	}
	enc, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: bucket})
	if err != nil || len(enc.ServerSideEncryptionConfiguration.Rules) != 1 ||
		enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm != types.ServerSideEncryptionAes256 {
		t.Errorf("GetBucketEncryption: %+v %v", enc, err)
	}
	pay, err := c.GetBucketRequestPayment(ctx, &s3.GetBucketRequestPaymentInput{Bucket: bucket})
	if err != nil || pay.Payer != types.PayerBucketOwner {
		t.Errorf("GetBucketRequestPayment: %+v %v", pay, err)
	}
	if _, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: bucket}); s3Code(err) != "NoSuchCORSConfiguration" {
		t.Errorf("GetBucketCors: %v", err)
	}
	if _, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: bucket}); s3Code(err) != "ObjectLockConfigurationNotFoundError" {
		t.Errorf("GetObjectLockConfiguration: %v", err)
	}
	_, err = c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: bucket, CORSConfiguration: &types.CORSConfiguration{
		CORSRules: []types.CORSRule{{AllowedMethods: []string{"GET"}, AllowedOrigins: []string{"*"}}}}})
	if s3Code(err) != "NotImplemented" {
		t.Errorf("PutBucketCors: %v", err)
	}
}
