package sigv4

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/google/go-cmp/cmp"
)

const codeURL = "http://127.0.0.1:9000/_virga/code/abc%3Adef"

func presigned(t *testing.T, rawURL string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("GET", rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return onWire(t, req)
}

func TestPresignRoundTrip(t *testing.T) {
	u, err := Presign("GET", codeURL+"?x=a%20b", testKey, "us-east-1", "lambda", signTime, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	v := NewVerifier(lookup)
	for _, at := range []time.Duration{0, time.Minute, 10 * time.Minute} {
		got, err := v.Verify(presigned(t, u), nil, signTime.Add(at))
		if err != nil {
			t.Fatalf("after %v: %v", at, err)
		}
		if diff := cmp.Diff(Identity{Key: testKey, Region: "us-east-1", Service: "lambda"}, got); diff != "" {
			t.Error(diff)
		}
	}
}

// TestPresignMatchesSDK checks Presign against aws-sdk-go-v2's PresignHTTP.
func TestPresignMatchesSDK(t *testing.T) {
	ours, err := Presign("GET", codeURL+"?x=1", testKey, "us-east-1", "lambda", signTime, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", codeURL+"?x=1&X-Amz-Expires=600", nil)
	creds := aws.Credentials{AccessKeyID: testKey.AccessKeyID, SecretAccessKey: testKey.Secret}
	theirs, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req, unsignedPayload, "lambda", "us-east-1", signTime)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := queryOf(t, ours), queryOf(t, theirs); !cmp.Equal(got, want) {
		t.Error(cmp.Diff(want, got))
	}
}

func queryOf(t *testing.T, rawURL string) url.Values {
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestPresignDropsDefaultPort(t *testing.T) {
	u, err := Presign("GET", "http://example.com:80/x", testKey, "us-east-1", "lambda", signTime, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, "http://example.com/x?") {
		t.Fatal(u)
	}
	if _, err := NewVerifier(lookup).Verify(presigned(t, u), nil, signTime); err != nil {
		t.Fatal(err)
	}
}

func TestPresignRejectsExpiry(t *testing.T) {
	for _, d := range []time.Duration{0, 8 * 24 * time.Hour} {
		if _, err := Presign("GET", codeURL, testKey, "us-east-1", "lambda", signTime, d); err == nil {
			t.Errorf("expiry %v accepted", d)
		}
	}
}

// TestVerifySDKPresigned accepts the SDK's presigned URLs, both with
// UNSIGNED-PAYLOAD and with the empty body's hash and no X-Amz-Expires (as
// SDKs presign STS GetCallerIdentity).
func TestVerifySDKPresigned(t *testing.T) {
	creds := aws.Credentials{AccessKeyID: testKey.AccessKeyID, SecretAccessKey: testKey.Secret}
	tests := []struct{ name, url, payload, service string }{
		{"Unsigned", codeURL + "?X-Amz-Expires=60&tagKeys=b&tagKeys=a", unsignedPayload, "lambda"},
		{"STS", "http://127.0.0.1:9000/?Action=GetCallerIdentity&Version=2011-06-15", hashHex(nil), "sts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", tt.url, nil)
			u, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req, tt.payload, tt.service, "us-east-1", signTime)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := NewVerifier(lookup).Verify(presigned(t, u), nil, signTime.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestVerifyPresignedRejects(t *testing.T) {
	good, err := Presign("GET", codeURL, testKey, "us-east-1", "lambda", signTime, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) string { return strings.Replace(good, old, new, 1) }
	tests := []struct {
		name string
		url  string
		at   time.Duration
		want *Error
	}{
		{"Expired", good, 10*time.Minute + time.Second, &Error{"AccessDenied", "Request has expired"}},
		{"NotYetCurrent", good, -16 * time.Minute, &Error{"InvalidSignatureException",
			"Signature not yet current: 20260101T001000Z is still later than 20251231T235900Z (20251231T235400Z + 5 min.)"}},
		{"TamperedPath", edit("/abc", "/abd"), 0, mismatch()},
		{"TamperedExpires", edit("X-Amz-Expires=600", "X-Amz-Expires=6000"), 0, mismatch()},
		{"AddedParam", good + "&x=1", 0, mismatch()},
		{"NoSignature", good[:strings.Index(good, "&X-Amz-Signature=")], 0, &Error{"AuthorizationQueryParametersError", msgQueryParams}},
		{"NoDate", edit("X-Amz-Date=", "X-Amz-Datum="), 0, &Error{"AuthorizationQueryParametersError", msgQueryParams}},
		{"OtherAlgorithm", edit("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256"), 0,
			&Error{"AuthorizationQueryParametersError", `X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"`}},
		{"ExpiresNotNumber", edit("X-Amz-Expires=600", "X-Amz-Expires=ten"), 0, &Error{"AuthorizationQueryParametersError", "X-Amz-Expires should be a number"}},
		{"ExpiresNegative", edit("X-Amz-Expires=600", "X-Amz-Expires=-1"), 0, &Error{"AuthorizationQueryParametersError", "X-Amz-Expires must be non-negative"}},
		{"ExpiresOverAWeek", edit("X-Amz-Expires=600", "X-Amz-Expires=604801"), 0, &Error{"AuthorizationQueryParametersError",
			"X-Amz-Expires must be less than a week (in seconds) that is 604800"}},
	}
	v := NewVerifier(lookup)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := v.Verify(presigned(t, tt.url), nil, signTime.Add(tt.at))
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Error(diff)
			}
		})
	}
}
