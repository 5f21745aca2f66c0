package sigv4

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const configPath = "/2015-03-31/functions/fn%3A1/configuration"

var configBody = []byte(`{"Timeout":5}`)

// signedConfigRequest is an UpdateFunctionConfiguration signed by the SDK,
// as the server receives it.
func signedConfigRequest(t *testing.T, key Key, when time.Time) *http.Request {
	req := newRequest(t, "PUT", configPath, configBody)
	req.Header.Set("Content-Type", "application/json")
	sdkSign(t, req, hashHex(configBody), "lambda", key, when)
	return onWire(t, req)
}

var signatureParam = regexp.MustCompile(`, Signature=[0-9a-f]+`)

func editAuth(old, new string) func(r *http.Request) {
	return func(r *http.Request) {
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), old, new, 1))
	}
}

func TestVerifyRejects(t *testing.T) {
	wrongSecret := testKey
	wrongSecret.Secret = "not-the-secret"
	unknown := testKey
	unknown.AccessKeyID = "AKIDUNKNOWN"
	const cred = "Credential=AKIDEXAMPLE/20260101/us-east-1/lambda/aws4_request"
	tests := []struct {
		name   string
		key    Key           // signing key; testKey when zero
		skew   time.Duration // server clock minus signing time
		mutate func(r *http.Request)
		body   string // body the server got; configBody when empty
		want   *Error
	}{
		{name: "WrongSecret", key: wrongSecret, want: mismatch()},
		{name: "UnknownKey", key: unknown, want: &Error{"UnrecognizedClientException", "The security token included in the request is invalid."}},
		{name: "TamperedBody", body: `{"Timeout":6}`, want: mismatch()},
		{name: "TamperedPath", mutate: func(r *http.Request) { r.RequestURI = strings.Replace(r.RequestURI, "fn%3A1", "fn%3A2", 1) }, want: mismatch()},
		{name: "DecodedPath", mutate: func(r *http.Request) { r.RequestURI = strings.Replace(r.RequestURI, "%3A", ":", 1) }, want: mismatch()},
		{name: "TamperedQuery", mutate: func(r *http.Request) { r.URL.RawQuery = "Qualifier=2" }, want: mismatch()},
		{name: "TamperedMethod", mutate: func(r *http.Request) { r.Method = "POST" }, want: mismatch()},
		{name: "TamperedHeader", mutate: func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }, want: mismatch()},
		{name: "TamperedHost", mutate: func(r *http.Request) { r.Host = "evil.example:9000" }, want: mismatch()},
		{name: "TamperedSignature", mutate: editAuth("Signature=", "Signature=0"), want: mismatch()},
		{name: "SignatureNotHex", mutate: func(r *http.Request) {
			r.Header.Set("Authorization", signatureParam.ReplaceAllString(r.Header.Get("Authorization"), ", Signature="+strings.Repeat("z", 64)))
		}, want: mismatch()},
		{name: "Expired", skew: 5*time.Minute + time.Second, want: &Error{"InvalidSignatureException",
			"Signature expired: 20260101T001000Z is now earlier than 20260101T001001Z (20260101T001501Z - 5 min.)"}},
		{name: "NotYetCurrent", skew: -5*time.Minute - time.Second, want: &Error{"InvalidSignatureException",
			"Signature not yet current: 20260101T001000Z is still later than 20260101T000959Z (20260101T000459Z + 5 min.)"}},
		{name: "NoAuthorization", mutate: func(r *http.Request) { r.Header.Del("Authorization") },
			want: &Error{"MissingAuthenticationTokenException", "Missing Authentication Token"}},
		{name: "NoSignature", mutate: func(r *http.Request) {
			r.Header.Set("Authorization", signatureParam.ReplaceAllString(r.Header.Get("Authorization"), ""))
		}, want: incomplete("Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=content-length;content-type;host;x-amz-date")},
		{name: "NoCredential", mutate: editAuth(cred+", ", ""), want: &Error{"IncompleteSignatureException", "Authorization header requires 'Credential' parameter. Authorization="}},
		{name: "NoSignedHeaders", mutate: editAuth("SignedHeaders=content-length;content-type;host;x-amz-date, ", ""),
			want: &Error{"IncompleteSignatureException", "Authorization header requires 'SignedHeaders' parameter. Authorization="}},
		{name: "NoDate", mutate: func(r *http.Request) { r.Header.Del("X-Amz-Date") },
			want: &Error{"IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization="}},
		{name: "BearerToken", mutate: func(r *http.Request) { r.Header.Set("Authorization", "Bearer abc") }, want: incomplete(
			"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer abc")},
		{name: "MissingEqualSign", mutate: editAuth("Credential=AKIDEXAMPLE", "Credential=AKIDEXAMPLE /x"),
			want: &Error{"IncompleteSignatureException", "'/x/20260101/us-east-1/lambda/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE /x"}},
		{name: "FourElementCredential", mutate: editAuth("/us-east-1/", "/"), want: incomplete(
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20260101/lambda/aws4_request'")},
		{name: "WrongTerminator", mutate: editAuth("/aws4_request", "/aws5_request"), want: &Error{"InvalidSignatureException",
			"Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "}},
		{name: "ScopeDateMismatch", mutate: editAuth("/20260101/", "/20251231/"), want: &Error{"InvalidSignatureException",
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20251231' != '20260101', from '20260101T001000Z'."}},
		{name: "InvalidRegion", mutate: editAuth("/us-east-1/", "/US_EAST/"), want: &Error{"InvalidSignatureException",
			"Credential should be scoped to a valid region, not 'US_EAST'. "}},
		{name: "BadDate", mutate: func(r *http.Request) { r.Header.Set("X-Amz-Date", "2026-01-01T00:10:00Z") }, want: incomplete(
			"Date must be in ISO-8601 'basic format'. Got '2026-01-01T00:10:00Z'. See http://en.wikipedia.org/wiki/ISO_8601")},
		{name: "HostNotSigned", mutate: editAuth("content-type;host;", "content-type;"), want: incomplete(
			"'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")},
		{name: "ContentSHA256Mismatch", mutate: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", hashHex([]byte("other"))) }, want: mismatch()},
	}
	v := NewVerifier(lookup)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := tt.key
			if key == (Key{}) {
				key = testKey
			}
			r := signedConfigRequest(t, key, signTime)
			if tt.mutate != nil {
				tt.mutate(r)
			}
			body := configBody
			if tt.body != "" {
				body = []byte(tt.body)
			}
			_, err := v.Verify(r, body, signTime.Add(tt.skew))
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if !errors.Is(err, &Error{Code: tt.want.Code}) {
				t.Errorf("errors.Is(%v, kind %s) is false", err, tt.want.Code)
			}
			// Messages that quote the whole header are compared up to it.
			if got.Code != tt.want.Code || !strings.HasPrefix(got.Message, tt.want.Message) {
				t.Error(cmp.Diff(tt.want, got))
			}
		})
	}
}

func mismatch() *Error { return &Error{"InvalidSignatureException", msgMismatch} }

func incomplete(msg string) *Error { return &Error{"IncompleteSignatureException", msg} }

// TestVerifyClockSkewBoundary holds Lambda's signatures to five minutes of
// the clock, as AWS does, and leaves other services their fifteen.
func TestVerifyClockSkewBoundary(t *testing.T) {
	v := NewVerifier(lookup)
	for _, skew := range []time.Duration{-5 * time.Minute, 5 * time.Minute} {
		if _, err := v.Verify(signedConfigRequest(t, testKey, signTime), configBody, signTime.Add(skew)); err != nil {
			t.Errorf("skew %v: %v", skew, err)
		}
	}
	if got, want := skewOf("sts"), maxSkew; got != want {
		t.Errorf("sts skew %v, want %v", got, want)
	}
}

func TestVerifyDateHeader(t *testing.T) {
	r := signedConfigRequest(t, testKey, signTime)
	r.Header.Del("X-Amz-Date")
	r.Header.Set("Date", "Thu, 01 Jan 2026 00:10:00 GMT")
	// The signature covered x-amz-date, which is gone: the date is read from
	// Date, but the canonical headers differ.
	_, err := NewVerifier(lookup).Verify(r, configBody, signTime)
	if !errors.Is(err, ErrInvalidSignature) {
		t.Fatalf("got %v", err)
	}
}
