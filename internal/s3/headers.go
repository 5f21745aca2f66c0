package s3

import (
	"net/http"
	"strings"
)

// stored are the representation headers an object keeps from its PUT.
var stored = []string{"Content-Type", "Content-Encoding", "Content-Disposition", "Content-Language", "Cache-Control", "Expires"}

// objectHeaders reads the stored headers of a PUT; aws-chunked, the
// framing of the upload, is not the object's encoding.
func objectHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for _, name := range stored {
		if v := h.Get(name); v != "" {
			out[name] = v
		}
	}
	if enc, ok := out["Content-Encoding"]; ok {
		var keep []string
		for _, e := range strings.Split(enc, ",") {
			if e = strings.TrimSpace(e); e != "" && e != "aws-chunked" {
				keep = append(keep, e)
			}
		}
		if out["Content-Encoding"] = strings.Join(keep, ","); len(keep) == 0 {
			delete(out, "Content-Encoding")
		}
	}
	return out
}

// userMeta reads the x-amz-meta-* headers, by lower-case name without the
// prefix.
func userMeta(h http.Header) map[string]string {
	out := map[string]string{}
	for name, vs := range h {
		if n, ok := strings.CutPrefix(strings.ToLower(name), "x-amz-meta-"); ok && n != "" {
			out[n] = strings.Join(vs, ",")
		}
	}
	return out
}

// writeObjectHeaders writes an object's stored headers and metadata.
func writeObjectHeaders(h http.Header, headers, meta map[string]string) {
	h.Set("Content-Type", "binary/octet-stream")
	for name, v := range headers {
		h.Set(name, v)
	}
	for name, v := range meta {
		h["x-amz-meta-"+name] = []string{v}
	}
}

// overrides are the query parameters of a GET that replace a response
// header (presigned links use them).
var overrides = map[string]string{
	"response-content-type": "Content-Type", "response-content-language": "Content-Language",
	"response-expires": "Expires", "response-cache-control": "Cache-Control",
	"response-content-disposition": "Content-Disposition", "response-content-encoding": "Content-Encoding",
}

func applyOverrides(h http.Header, r *http.Request) {
	q := r.URL.Query()
	for param, name := range overrides {
		if v := q.Get(param); v != "" {
			h.Set(name, v)
		}
	}
}
