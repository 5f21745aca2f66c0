package s3

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

// copySource reads x-amz-copy-source: "[/]bucket/key[?versionId=v]",
// URL-encoded.
func copySource(h http.Header) (bucket, key string, err error) {
	raw, _, _ := strings.Cut(h.Get("x-amz-copy-source"), "?")
	src, uerr := url.PathUnescape(strings.TrimPrefix(raw, "/"))
	bucket, key, ok := strings.Cut(src, "/")
	if uerr != nil || !ok || bucket == "" || key == "" {
		return "", "", &aws.Error{Kind: objects.ErrInvalidArgument, Message: "Invalid copy source object key"}
	}
	return bucket, key, nil
}

// source reads the object a copy names, under the copy's conditions.
func (a *API) source(c *awsproto.Call) (objects.Object, error) {
	bucket, key, err := copySource(c.R.Header)
	if err != nil {
		return objects.Object{}, err
	}
	o, err := a.store.Get(c.R.Context(), bucket, key)
	if err != nil {
		return o, err
	}
	h := http.Header{}
	for _, name := range []string{"If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"} {
		if v := c.R.Header.Get("x-amz-copy-source-" + name); v != "" {
			h.Set(name, v)
		}
	}
	if err := checkConditions(h, o.ETag, o.Modified); err != nil {
		return o, errPrecondition()
	}
	return o, nil
}

type copyObjectResult struct {
	XMLName      xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ CopyObjectResult"`
	LastModified string
	ETag         string
}

func (a *API) copyObject(c *awsproto.Call) error {
	src, err := a.source(c)
	if err != nil {
		return err
	}
	dst, err := copyTarget(c, src)
	if err != nil {
		return err
	}
	o, err := a.store.Copy(c.R.Context(), src, dst, requester(c))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, copyObjectResult{LastModified: o.Modified.Format(isoTime), ETag: quote(o.ETag)})
}

// copyTarget is the copy's new object: its place, and the source's headers,
// metadata and tags or the request's, as its directives say.
func copyTarget(c *awsproto.Call, src objects.Object) (objects.Object, error) {
	dst := objects.Object{Bucket: c.R.PathValue("bucket"), Key: c.R.PathValue("key"), Headers: src.Headers, Meta: src.Meta, Tags: src.Tags}
	replaceMeta := strings.EqualFold(c.R.Header.Get("x-amz-metadata-directive"), "REPLACE")
	if replaceMeta {
		dst.Headers, dst.Meta = objectHeaders(c.R.Header), userMeta(c.R.Header)
	}
	if strings.EqualFold(c.R.Header.Get("x-amz-tagging-directive"), "REPLACE") {
		tags, err := headerTags(c.R.Header)
		if err != nil {
			return dst, err
		}
		dst.Tags = tags
	}
	if dst.Bucket == src.Bucket && dst.Key == src.Key && !replaceMeta {
		return dst, &aws.Error{Kind: objects.ErrInvalidRequest, Message: "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."}
	}
	return dst, nil
}
