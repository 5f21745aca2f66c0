package s3

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

// maxPolicy is the largest bucket policy S3 takes: 20 KB.
const maxPolicy = 20 << 10

func (a *API) getBucketPolicy(c *awsproto.Call) error {
	b, err := a.store.Bucket(c.R.Context(), c.R.PathValue("bucket"))
	if err != nil {
		return err
	}
	if b.Policy == "" {
		return &aws.Error{Kind: objects.ErrNoSuchBucketPolicy, Message: "The bucket policy does not exist"}
	}
	return document(c, "application/json", []byte(b.Policy))
}

func (a *API) putBucketPolicy(c *awsproto.Call) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	if len(body) > maxPolicy || !strings.HasPrefix(strings.TrimSpace(string(body)), "{") || !json.Valid(body) {
		return &aws.Error{Kind: objects.ErrMalformedPolicy, Message: "Policies must be valid JSON and the first byte must be '{'"}
	}
	return a.setPolicy(c, string(body))
}

func (a *API) deleteBucketPolicy(c *awsproto.Call) error { return a.setPolicy(c, "") }

func (a *API) setPolicy(c *awsproto.Call, policy string) error {
	return a.changeBucket(c, func(b *objects.Bucket) { b.Policy = policy })
}

// changeBucket changes the metadata of the call's bucket and answers 204.
func (a *API) changeBucket(c *awsproto.Call, change func(b *objects.Bucket)) error {
	err := a.store.ModifyBucket(c.R.Context(), c.R.PathValue("bucket"), func(b *objects.Bucket) error {
		change(b)
		return nil
	})
	if err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

// resourcePolicy is the policy of the bucket a resource is or lies in.
func (a *API) resourcePolicy(c *awsproto.Call, resource string) (string, error) {
	bucket, _, _ := strings.Cut(strings.TrimPrefix(resource, "arn:aws:s3:::"), "/")
	b, err := a.store.Bucket(c.R.Context(), bucket)
	if err != nil {
		return "", nil
	}
	return b.Policy, nil
}
