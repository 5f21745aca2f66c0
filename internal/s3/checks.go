package s3

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

// algorithms are the additional checksums a write asks for: the one its
// SDK names, and any whose value it sends in a header or a trailer.
func algorithms(h http.Header) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(name string) error {
		name = strings.ToUpper(strings.TrimSpace(name))
		if !objects.KnownAlgorithm(name) {
			return &aws.Error{Kind: objects.ErrInvalidRequest, Message: "Value for x-amz-checksum-algorithm header is invalid."}
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
		return nil
	}
	if alg := h.Get("x-amz-sdk-checksum-algorithm"); alg != "" {
		if err := add(alg); err != nil {
			return nil, err
		}
	}
	for _, alg := range objects.Algorithms() {
		if h.Get("x-amz-checksum-"+strings.ToLower(alg)) != "" {
			_ = add(alg)
		}
	}
	for _, t := range strings.Split(h.Get("x-amz-trailer"), ",") {
		if alg, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(t)), "x-amz-checksum-"); ok {
			if err := add(alg); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// checker judges a written body by its Content-MD5 and the checksums sent
// with it, in headers or, read by then, in the aws-chunked trailer.
func checker(c *awsproto.Call) (func(md5 []byte, sums map[string]string) error, error) {
	var wantMD5 []byte
	if v := c.R.Header.Get("Content-MD5"); v != "" {
		raw, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(raw) != md5.Size {
			return nil, &aws.Error{Kind: objects.ErrInvalidDigest, Message: "The Content-MD5 you specified was not valid."}
		}
		wantMD5 = raw
	}
	return func(sum []byte, sums map[string]string) error {
		if wantMD5 != nil && !bytes.Equal(sum, wantMD5) {
			return &aws.Error{Kind: objects.ErrBadDigest, Message: "The Content-MD5 you specified did not match what we received."}
		}
		for alg, got := range sums {
			if want := sentChecksum(c, alg); want != "" && want != got {
				return &aws.Error{Kind: objects.ErrBadDigest, Message: "The " + alg + " you specified did not match the calculated checksum."}
			}
		}
		return nil
	}, nil
}

// sentChecksum is the checksum of alg the client sent, if any.
func sentChecksum(c *awsproto.Call, alg string) string {
	name := "x-amz-checksum-" + strings.ToLower(alg)
	if v := c.R.Header.Get(name); v != "" {
		return v
	}
	return c.Stream.Trailer.Get(name)
}

// writeChecksums writes an object's checksums as response headers.
func writeChecksums(h http.Header, sums map[string]string) {
	for alg, v := range sums {
		h.Set("x-amz-checksum-"+strings.ToLower(alg), v)
	}
}
