package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Presign returns rawURL with a query-string signature that Verify accepts
// from now until now+expires (at most seven days). Only the host header is
// signed and the payload is UNSIGNED-PAYLOAD, so any HTTP client can follow
// the link.
func Presign(method, rawURL string, key Key, region, service string, now time.Time, expires time.Duration) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("presign: %w", err)
	}
	if expires < time.Second || expires > maxExpires {
		return "", fmt.Errorf("presign: expiry %v is outside 1s to 7 days", expires)
	}
	u.Host = withoutDefaultPort(u)
	amzDate := now.UTC().Format(isoBasic)
	cred := credential{accessKeyID: key.AccessKeyID, date: amzDate[:8], region: region, service: service}
	cred.scope = cred.date + "/" + region + "/" + service + "/" + terminator
	q := u.Query()
	q.Set("X-Amz-Algorithm", algorithm)
	q.Set("X-Amz-Credential", key.AccessKeyID+"/"+cred.scope)
	q.Set("X-Amz-Date", amzDate)
	q.Set("X-Amz-Expires", strconv.FormatInt(int64(expires/time.Second), 10))
	q.Set("X-Amz-SignedHeaders", "host")
	s := &scratch{h: sha256.New()}
	u.RawQuery = string(appendQuery(nil, q.Encode(), false, s))
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	canonical := appendURI([]byte(method+"\n"), path, service == "s3")
	canonical = fmt.Appendf(canonical, "\n%s\nhost:%s\n\nhost\n%s", u.RawQuery, u.Host, unsignedPayload)
	toSign := appendStringToSign(nil, amzDate, cred.scope, sha256.Sum256(canonical))
	signingKey := deriveKey(key.Secret, cred.date, region, service)
	u.RawQuery += "&X-Amz-Signature=" + hex.EncodeToString(s.hmac(&signingKey, toSign))
	return u.String(), nil
}

// withoutDefaultPort drops ":80" from http and ":443" from https hosts:
// clients leave the default port out of the Host header they send.
func withoutDefaultPort(u *url.URL) string {
	port := u.Port()
	if u.Scheme == "http" && port == "80" || u.Scheme == "https" && port == "443" {
		return strings.TrimSuffix(u.Host, ":"+port)
	}
	return u.Host
}
