package sigv4

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxExpires is the longest a presigned URL may live, as on S3.
const maxExpires = 7 * 24 * time.Hour

const msgQueryParams = "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, " +
	"X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."

// isPresigned reports whether the query carries a query-string signature.
func isPresigned(rawQuery string) bool {
	for q := (queryIter{rest: rawQuery}); ; {
		name, _, ok := q.next()
		if !ok {
			return false
		}
		switch name {
		case "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature":
			return true
		}
	}
}

// parseQuery reads the presigned form: X-Amz-Algorithm, X-Amz-Credential,
// X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature.
func parseQuery(rawQuery string) (signature, error) {
	p := make(map[string]string, 8)
	for q := (queryIter{rest: rawQuery}); ; {
		name, value, ok := q.next()
		if !ok {
			break
		}
		if strings.HasPrefix(name, "X-Amz-") {
			v, err := url.QueryUnescape(value)
			if err != nil {
				v = value
			}
			p[name] = v
		}
	}
	sig := signature{presigned: true, signedHeaders: p["X-Amz-SignedHeaders"], signature: p["X-Amz-Signature"],
		amzDate: p["X-Amz-Date"], payloadHash: p["X-Amz-Content-Sha256"]}
	if alg := p["X-Amz-Algorithm"]; alg != algorithm && alg != "" {
		return sig, errorf(ErrQueryParameters, "X-Amz-Algorithm only supports \"%s\"", algorithm)
	}
	if p["X-Amz-Algorithm"] == "" || p["X-Amz-Credential"] == "" || sig.signature == "" || sig.amzDate == "" || sig.signedHeaders == "" {
		return sig, errorf(ErrQueryParameters, msgQueryParams)
	}
	expires, err := parseExpires(p["X-Amz-Expires"])
	if err != nil {
		return sig, err
	}
	sig.expires = expires
	return sig.finish(p["X-Amz-Credential"])
}

// parseExpires reads X-Amz-Expires; it may be absent, as in the presigned
// STS requests some SDKs make, and then the usual clock skew applies.
func parseExpires(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil:
		return 0, errorf(ErrQueryParameters, "X-Amz-Expires should be a number")
	case n < 0:
		return 0, errorf(ErrQueryParameters, "X-Amz-Expires must be non-negative")
	case n > int64(maxExpires/time.Second):
		return 0, errorf(ErrQueryParameters, "X-Amz-Expires must be less than a week (in seconds) that is %d", int64(maxExpires/time.Second))
	}
	return time.Duration(n) * time.Second, nil
}

// queryIter walks a raw query string pair by pair without decoding it.
type queryIter struct{ rest string }

func (q *queryIter) next() (name, value string, ok bool) {
	for q.rest != "" {
		var pair string
		pair, q.rest, _ = strings.Cut(q.rest, "&")
		if pair == "" {
			continue
		}
		name, value, _ = strings.Cut(pair, "=")
		return name, value, true
	}
	return "", "", false
}
