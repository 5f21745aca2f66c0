package s3

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

// getObject serves GetObject and HeadObject: the object's headers, and for
// a GET its bytes, whole or the range asked for.
func (a *API) getObject(c *awsproto.Call) error {
	o, err := a.store.Get(c.R.Context(), c.R.PathValue("bucket"), c.R.PathValue("key"))
	if err != nil {
		return err
	}
	h := c.W.Header()
	if err := checkConditions(c.R.Header, o.ETag, o.Modified); err != nil {
		if errors.Is(err, objects.ErrNotModified) {
			h.Set("ETag", quote(o.ETag))
			h.Set("Last-Modified", httpTime(o.Modified))
		}
		return err
	}
	rng, partial, unsatisfiable := parseRange(c.R.Header.Get("Range"), o.Size)
	if unsatisfiable {
		return &aws.Error{Kind: objects.ErrInvalidRange, Message: "The requested range is not satisfiable"}
	}
	writeGetHeaders(c, o)
	status, start, n := http.StatusOK, int64(0), o.Size
	if partial {
		status, start, n = http.StatusPartialContent, rng.start, rng.end-rng.start+1
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", rng.start, rng.end, o.Size))
	} else if c.R.Header.Get("x-amz-checksum-mode") == "ENABLED" {
		writeChecksums(h, o.Checksums)
	}
	h.Set("Content-Length", strconv.FormatInt(n, 10))
	return a.send(c, o, status, start, n)
}

func writeGetHeaders(c *awsproto.Call, o objects.Object) {
	h := c.W.Header()
	writeObjectHeaders(h, o.Headers, o.Meta)
	applyOverrides(h, c.R)
	h.Set("ETag", quote(o.ETag))
	h.Set("Last-Modified", httpTime(o.Modified))
	h.Set("Accept-Ranges", "bytes")
	if len(o.Tags) > 0 {
		h.Set("x-amz-tagging-count", strconv.Itoa(len(o.Tags)))
	}
	if o.PartsCount > 0 && c.R.URL.Query().Has("partNumber") {
		h.Set("x-amz-mp-parts-count", strconv.Itoa(o.PartsCount))
	}
}

// send writes n bytes of o from start, or only the status for a HEAD.
func (a *API) send(c *awsproto.Call, o objects.Object, status int, start, n int64) error {
	if c.R.Method == http.MethodHead {
		c.W.WriteHeader(status)
		return nil
	}
	r, err := a.store.Read(c.R.Context(), o, start, n)
	if err != nil {
		return err
	}
	defer r.Close()
	c.W.WriteHeader(status)
	_, _ = io.Copy(c.W, r)
	return nil
}
