package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestS3RoleSessions judges a role session's S3 calls by the role's policy
// (s3 actions on arn:aws:s3:::bucket/key) and by the bucket's policy.
func TestS3RoleSessions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctx(t)
	admin := s.s3()
	must(t, func() error {
		_, err := admin.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("guarded")})
		return err
	})
	for _, key := range []string{"public/a.txt", "private/b.txt"} {
		must(t, func() error {
			_, err := admin.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("guarded"), Key: aws.String(key), Body: strings.NewReader(key)})
			return err
		})
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + s.admin.AccountID + `:root"},"Action":"sts:AssumeRole"}]}`
	reads := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::guarded/public/*"}]}`
	must(t, func() error {
		_, err := s.iam().CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("reader"), AssumeRolePolicyDocument: aws.String(trust)})
		return err
	})
	must(t, func() error {
		_, err := s.iam().PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("reader"), PolicyName: aws.String("reads"), PolicyDocument: aws.String(reads)})
		return err
	})
	out, err := sts.NewFromConfig(s.awsConfig()).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + s.admin.AccountID + ":role/reader"), RoleSessionName: aws.String("s3")})
	if err != nil {
		t.Fatal(err)
	}
	creds := out.Credentials
	session := s3.NewFromConfig(s.configWith(aws.ToString(creds.AccessKeyId), aws.ToString(creds.SecretAccessKey), aws.ToString(creds.SessionToken)),
		func(o *s3.Options) { o.UsePathStyle = true })
	get := func(key string) error {
		_, err := session.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("guarded"), Key: aws.String(key)})
		return err
	}
	put := func(key string) error {
		_, err := session.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("guarded"), Key: aws.String(key), Body: strings.NewReader("x")})
		return err
	}
	if err := get("public/a.txt"); err != nil {
		t.Errorf("GetObject allowed by the role's policy: %v", err)
	}
	if err := get("private/b.txt"); s3Code(err) != "AccessDenied" {
		t.Errorf("GetObject outside the role's policy: %v", err)
	}
	if err := put("drop/c.txt"); s3Code(err) != "AccessDenied" {
		t.Errorf("PutObject without a policy: %v", err)
	}
	bucketPolicy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + s.admin.AccountID +
		`:role/reader"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::guarded/drop/*"}]}`
	must(t, func() error {
		_, err := admin.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("guarded"), Policy: aws.String(bucketPolicy)})
		return err
	})
	if err := put("drop/c.txt"); err != nil {
		t.Errorf("PutObject allowed by the bucket's policy: %v", err)
	}
	if err := put("elsewhere/d.txt"); s3Code(err) != "AccessDenied" {
		t.Errorf("PutObject outside the bucket's policy: %v", err)
	}
}
