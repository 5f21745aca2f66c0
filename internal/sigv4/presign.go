package sigv4

import (
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Presign returns rawURL with a signature in its query that Verify accepts
// for expires.
func Presign(method, rawURL string, key Key, region, service string, now time.Time, expires time.Duration) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	now = now.UTC()
	a := &authorization{
		accessKey: key.AccessKeyID, date: now.Format("20060102"), region: region, service: service,
		signedHeaders: []string{"host"}, amzDate: now.Format(timeFormat), presigned: true,
	}
	q := u.Query()
	q.Set("X-Amz-Algorithm", algorithm)
	q.Set("X-Amz-Credential", key.AccessKeyID+"/"+a.scope())
	q.Set("X-Amz-Date", a.amzDate)
	q.Set("X-Amz-Expires", strconv.Itoa(int(expires.Seconds())))
	q.Set("X-Amz-SignedHeaders", "host")
	u.RawQuery = q.Encode()
	r := &http.Request{Method: method, Host: u.Host, URL: u, Header: http.Header{}, RequestURI: u.RequestURI()}
	toSign := stringToSign(a, canonicalRequest(r, a, nil))
	sig := hex.EncodeToString(hmacSHA256(deriveKey(key.Secret, a.date, region, service), toSign))
	u.RawQuery += "&X-Amz-Signature=" + sig
	return u.String(), nil
}
