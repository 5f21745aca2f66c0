package s3

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

// Limits of tag sets.
const (
	maxObjectTags = 10
	maxBucketTags = 50
)

type tagging struct {
	XMLName xml.Name  `xml:"http://s3.amazonaws.com/doc/2006-03-01/ Tagging"`
	TagSet  []aws.Tag `xml:"TagSet>Tag"`
}

// readTags decodes and checks a Tagging document of at most limit tags.
func readTags(c *awsproto.Call, limit int) ([]aws.Tag, error) {
	var in tagging
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	return checkTags(in.TagSet, limit)
}

// checkTags applies S3's rules for tag sets; an empty set is nil.
func checkTags(tags []aws.Tag, limit int) ([]aws.Tag, error) {
	if len(tags) > limit {
		return nil, &aws.Error{Kind: objects.ErrInvalidTag, Code: "BadRequest", Message: "Object tags cannot be greater than " + strconv.Itoa(limit)}
	}
	seen := map[string]bool{}
	for _, t := range tags {
		switch {
		case t.Key == "" || len(t.Key) > 128:
			return nil, &aws.Error{Kind: objects.ErrInvalidTag, Message: "The TagKey you have provided is invalid"}
		case len(t.Value) > 256:
			return nil, &aws.Error{Kind: objects.ErrInvalidTag, Message: "The TagValue you have provided is invalid"}
		case seen[t.Key]:
			return nil, &aws.Error{Kind: objects.ErrInvalidTag, Message: "Cannot provide multiple Tags with the same key"}
		}
		seen[t.Key] = true
	}
	if len(tags) == 0 {
		return nil, nil
	}
	return tags, nil
}

// headerTags reads the x-amz-tagging header, a URL query of tags.
func headerTags(h http.Header) ([]aws.Tag, error) {
	raw := h.Get("x-amz-tagging")
	if raw == "" {
		return nil, nil
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, &aws.Error{Kind: objects.ErrInvalidArgument, Message: "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates."}
	}
	var tags []aws.Tag
	for k, vs := range q {
		for _, v := range vs {
			tags = append(tags, aws.Tag{Key: k, Value: v})
		}
	}
	return checkTags(tags, maxObjectTags)
}

func (a *API) getBucketTagging(c *awsproto.Call) error {
	b, err := a.store.Bucket(c.R.Context(), c.R.PathValue("bucket"))
	if err != nil {
		return err
	}
	if len(b.Tags) == 0 {
		return &aws.Error{Kind: objects.ErrNoSuchTagSet, Message: "The TagSet does not exist"}
	}
	return c.Reply(http.StatusOK, tagging{TagSet: b.Tags})
}

func (a *API) putBucketTagging(c *awsproto.Call) error {
	tags, err := readTags(c, maxBucketTags)
	if err != nil {
		return err
	}
	return a.setBucketTags(c, tags)
}

func (a *API) deleteBucketTagging(c *awsproto.Call) error { return a.setBucketTags(c, nil) }

func (a *API) setBucketTags(c *awsproto.Call, tags []aws.Tag) error {
	return a.changeBucket(c, func(b *objects.Bucket) { b.Tags = tags })
}

func (a *API) getObjectTagging(c *awsproto.Call) error {
	o, err := a.store.Get(c.R.Context(), c.R.PathValue("bucket"), c.R.PathValue("key"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, tagging{TagSet: o.Tags})
}

func (a *API) putObjectTagging(c *awsproto.Call) error {
	tags, err := readTags(c, maxObjectTags)
	if err != nil {
		return err
	}
	if tags == nil {
		tags = []aws.Tag{}
	}
	if err := a.store.SetTags(c.R.Context(), c.R.PathValue("bucket"), c.R.PathValue("key"), tags, requester(c)); err != nil {
		return err
	}
	return c.Empty(http.StatusOK)
}

func (a *API) deleteObjectTagging(c *awsproto.Call) error {
	if err := a.store.SetTags(c.R.Context(), c.R.PathValue("bucket"), c.R.PathValue("key"), nil, requester(c)); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}
