package s3

import (
	"net/http"
	"strconv"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

func (a *API) putObject(c *awsproto.Call) error {
	if err := checkLength(c.R, objects.MaxPut); err != nil {
		return err
	}
	tags, err := headerTags(c.R.Header)
	if err != nil {
		return err
	}
	algs, err := algorithms(c.R.Header)
	if err != nil {
		return err
	}
	check, err := checker(c)
	if err != nil {
		return err
	}
	o, err := a.store.Put(c.R.Context(), objects.Write{
		Bucket: c.R.PathValue("bucket"), Key: c.R.PathValue("key"), Body: c.Stream.Body,
		Headers: objectHeaders(c.R.Header), Meta: userMeta(c.R.Header), Tags: tags,
		Algorithms: algs, Check: check, By: requester(c),
	})
	if err != nil {
		return err
	}
	c.W.Header().Set("ETag", quote(o.ETag))
	writeChecksums(c.W.Header(), o.Checksums)
	return c.Empty(http.StatusOK)
}

// checkLength refuses a body its headers declare larger than limit.
func checkLength(r *http.Request, limit int64) error {
	declared := r.Header.Get("x-amz-decoded-content-length")
	if declared == "" {
		declared = r.Header.Get("Content-Length")
	}
	if n, err := strconv.ParseInt(declared, 10, 64); err == nil && n > limit {
		return &aws.Error{Kind: objects.ErrEntityTooLarge, Message: "Your proposed upload exceeds the maximum allowed size"}
	}
	return nil
}

func quote(etag string) string { return `"` + etag + `"` }
