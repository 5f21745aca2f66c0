package s3

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// route names the operation a request asks for: by what it addresses (the
// service, a bucket, an object), its method, its subresource and, for a
// PUT of an object, whether it copies.
func route(r *http.Request, bucket, key string) string {
	q := r.URL.Query()
	switch {
	case bucket == "":
		return serviceRoute(r.Method)
	case key == "":
		return bucketRoute(r.Method, q)
	}
	return objectRoute(r.Method, q, r.Header.Get("x-amz-copy-source") != "")
}

func serviceRoute(method string) string {
	if method == http.MethodGet {
		return "ListBuckets"
	}
	return ""
}

// subresources of buckets and objects, by the operation each method asks.
var (
	bucketSubs = map[string]map[string]string{
		"policy":       {"GET": "GetBucketPolicy", "PUT": "PutBucketPolicy", "DELETE": "DeleteBucketPolicy"},
		"tagging":      {"GET": "GetBucketTagging", "PUT": "PutBucketTagging", "DELETE": "DeleteBucketTagging"},
		"notification": {"GET": "GetBucketNotificationConfiguration", "PUT": "PutBucketNotificationConfiguration"},
		"location":     {"GET": "GetBucketLocation"},
		"uploads":      {"GET": "ListMultipartUploads"},
		"delete":       {"POST": "DeleteObjects"},
		"versioning":   {"GET": "GetBucketVersioning"},
		// Configurations Virga keeps none of: reads answer the defaults,
		// writes have no operation and so are NotImplemented.
		"acl":            {"GET": "GetBucketAcl"},
		"cors":           {"GET": "GetBucketCors"},
		"website":        {"GET": "GetBucketWebsite"},
		"lifecycle":      {"GET": "GetBucketLifecycleConfiguration"},
		"replication":    {"GET": "GetBucketReplication"},
		"object-lock":    {"GET": "GetObjectLockConfiguration"},
		"encryption":     {"GET": "GetBucketEncryption"},
		"accelerate":     {"GET": "GetBucketAccelerateConfiguration"},
		"requestPayment": {"GET": "GetBucketRequestPayment"},
		"logging":        {"GET": "GetBucketLogging"},
	}
	bucketPlain = map[string]string{"PUT": "CreateBucket", "GET": "ListObjects", "HEAD": "HeadBucket", "DELETE": "DeleteBucket"}

	objectSubs = map[string]map[string]string{
		"tagging":  {"GET": "GetObjectTagging", "PUT": "PutObjectTagging", "DELETE": "DeleteObjectTagging"},
		"uploads":  {"POST": "CreateMultipartUpload"},
		"uploadId": {"GET": "ListParts", "PUT": "UploadPart", "POST": "CompleteMultipartUpload", "DELETE": "AbortMultipartUpload"},
	}
	objectPlain = map[string]string{"PUT": "PutObject", "GET": "GetObject", "HEAD": "HeadObject", "DELETE": "DeleteObject"}
)

// unsupported are subresources Virga does not serve: asking for one is
// NotImplemented rather than the plain operation.
var unsupported = []string{"acl", "cors", "lifecycle", "website", "replication", "encryption", "logging",
	"object-lock", "ownershipControls", "publicAccessBlock", "versions", "accelerate", "requestPayment",
	"analytics", "metrics", "inventory", "intelligent-tiering", "retention", "legal-hold", "restore", "select", "torrent", "attributes"}

func bucketRoute(method string, q url.Values) string {
	for sub, ops := range bucketSubs {
		if q.Has(sub) {
			return ops[method]
		}
	}
	if hasAny(q, unsupported) {
		return ""
	}
	if method == http.MethodGet && q.Get("list-type") == "2" {
		return "ListObjectsV2"
	}
	return bucketPlain[method]
}

func objectRoute(method string, q url.Values, copying bool) string {
	if q.Has("tagging") {
		return objectSubs["tagging"][method]
	}
	if q.Has("uploads") {
		return objectSubs["uploads"][method]
	}
	if hasAny(q, unsupported) {
		return ""
	}
	if q.Has("uploadId") {
		op := objectSubs["uploadId"][method]
		if op == "UploadPart" && copying {
			return "UploadPartCopy"
		}
		return op
	}
	if method == http.MethodPut && copying {
		return "CopyObject"
	}
	return objectPlain[method]
}

func hasAny(q url.Values, names []string) bool {
	for _, n := range names {
		if q.Has(n) {
			return true
		}
	}
	return false
}

// address is the bucket and key a request names, virtual-host style when
// its host ends in the configured suffix, else path-style.
func (a *API) address(r *http.Request) (bucket, key string) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	path := strings.TrimPrefix(r.URL.Path, "/")
	if a.cfg.HostSuffix != "" && strings.HasSuffix(strings.ToLower(host), a.cfg.HostSuffix) {
		return host[:len(host)-len(a.cfg.HostSuffix)], path
	}
	bucket, key, _ = strings.Cut(path, "/")
	return bucket, key
}
