package objects

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/sigv4"
)

// Remote names a bucket of another S3-compatible store that keeps the
// objects' bytes (decision 0023).
type Remote struct {
	// Endpoint is the store's URL (http://host:port), path-style.
	Endpoint string
	Bucket   string
	Region   string
	Key      sigv4.Key
}

// remoteBlobs keeps blobs as objects named by their ids in a remote
// bucket, through presigned requests any S3-compatible store accepts.
type remoteBlobs struct {
	cfg    Remote
	client *http.Client
}

// do sends a presigned request for blob id and checks its status.
func (r remoteBlobs) do(ctx context.Context, method, id string, body io.Reader, size int64, header http.Header) (*http.Response, error) {
	u, err := sigv4.Presign(method, strings.TrimSuffix(r.cfg.Endpoint, "/")+"/"+r.cfg.Bucket+"/"+id, r.cfg.Key, r.cfg.Region, "s3", time.Now(), 15*time.Minute)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	req.ContentLength = size
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s remote object %s: %w", method, id, err)
	}
	if resp.StatusCode/100 != 2 {
		resp.Body.Close()
		return nil, fmt.Errorf("%s remote object %s: %s", method, id, resp.Status)
	}
	return resp, nil
}

func (r remoteBlobs) put(ctx context.Context, path, id string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open object file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open object file: %w", err)
	}
	return r.send(ctx, id, f, info.Size())
}

func (r remoteBlobs) send(ctx context.Context, id string, body io.Reader, size int64) error {
	if size == 0 {
		body = http.NoBody
	}
	resp, err := r.do(ctx, http.MethodPut, id, body, size, nil)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func (r remoteBlobs) open(ctx context.Context, id string, off, n int64) (io.ReadCloser, error) {
	if n == 0 {
		return io.NopCloser(strings.NewReader("")), nil
	}
	resp, err := r.do(ctx, http.MethodGet, id, nil, 0, http.Header{"Range": {fmt.Sprintf("bytes=%d-%d", off, off+n-1)}})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// link copies the blob through Virga: a GET streamed into a PUT, which
// every S3-compatible store takes.
func (r remoteBlobs) link(ctx context.Context, from, id string) error {
	resp, err := r.do(ctx, http.MethodGet, from, nil, 0, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return r.send(ctx, id, resp.Body, resp.ContentLength)
}

func (r remoteBlobs) remove(ctx context.Context, id string) {
	if resp, err := r.do(ctx, http.MethodDelete, id, nil, 0, nil); err == nil {
		resp.Body.Close()
	}
}
