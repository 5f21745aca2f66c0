package sigv4

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

var testKey = Key{AccessKeyID: "AKIDEXAMPLE", Secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Account: "123456789012"}

func lookup(id string) (Key, bool) { return testKey, id == testKey.AccessKeyID }

// verifyServer answers with the verification error code, or "OK".
func verifyServer(t *testing.T, now func() time.Time) *httptest.Server {
	v := NewVerifier(lookup)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_, err := v.Verify(r, body, now())
		var e *Error
		switch {
		case err == nil:
			io.WriteString(w, "OK")
		case errors.As(err, &e):
			io.WriteString(w, e.Code+": "+e.Message)
		default:
			io.WriteString(w, err.Error())
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func sign(t *testing.T, req *http.Request, body []byte, key Key, when time.Time) {
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: key.AccessKeyID, SecretAccessKey: key.Secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "lambda", "us-east-1", when); err != nil {
		t.Fatal(err)
	}
}

func do(t *testing.T, req *http.Request) string {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return string(out)
}

func TestSDKSignedRequests(t *testing.T) {
	srv := verifyServer(t, time.Now)
	tests := []struct{ name, method, path, body string }{
		{"ListFunctions", "GET", "/2015-03-31/functions?MaxItems=2&Marker=abc%3D", ""},
		{"InvokeByARN", "POST", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afn/invocations?Qualifier=%24LATEST", `{"a":1}`},
		{"UntagRepeated", "DELETE", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afn?tagKeys=b&tagKeys=a", ""},
		{"STS", "POST", "/", "Action=GetCallerIdentity&Version=2011-06-15"},
		{"SpacesInQuery", "GET", "/2015-03-31/functions?Marker=a%20b%2Bc", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			sign(t, req, []byte(tt.body), testKey, time.Now())
			if got := do(t, req); got != "OK" {
				t.Fatal(got)
			}
		})
	}
}

func TestRejections(t *testing.T) {
	srv := verifyServer(t, time.Now)
	path := srv.URL + "/2015-03-31/functions/fn%3A1/configuration"
	signed := func(mutate func(*http.Request), key Key, when time.Time) string {
		req, _ := http.NewRequest("PUT", path, bytes.NewReader([]byte(`{"Timeout":5}`)))
		sign(t, req, []byte(`{"Timeout":5}`), key, when)
		if mutate != nil {
			mutate(req)
		}
		return do(t, req)
	}
	wrong := testKey
	wrong.Secret = "nope"
	unknown := testKey
	unknown.AccessKeyID = "AKIDUNKNOWN"
	tests := []struct {
		name, got, wantPrefix string
	}{
		{"WrongSecret", signed(nil, wrong, time.Now()), "InvalidSignatureException: The request signature we calculated"},
		{"UnknownKey", signed(nil, unknown, time.Now()), "UnrecognizedClientException"},
		{"TamperedBody", signed(func(r *http.Request) { r.Body = io.NopCloser(strings.NewReader(`{"Timeout":6}`)) }, testKey, time.Now()), "InvalidSignatureException"},
		{"TamperedPath", signed(func(r *http.Request) { r.URL.Path = "/2015-03-31/functions/other/configuration"; r.URL.RawPath = "" }, testKey, time.Now()), "InvalidSignatureException"},
		{"TamperedHeader", signed(func(r *http.Request) {
			r.Header.Set("X-Amz-Date", time.Now().UTC().Add(time.Second).Format(timeFormat))
		}, testKey, time.Now()), "InvalidSignatureException"},
		{"Expired", signed(nil, testKey, time.Now().Add(-16*time.Minute)), "InvalidSignatureException: Signature expired:"},
		{"Future", signed(nil, testKey, time.Now().Add(16*time.Minute)), "InvalidSignatureException: Signature not yet current:"},
		{"Unsigned", signed(func(r *http.Request) { r.Header.Del("Authorization") }, testKey, time.Now()), "MissingAuthenticationTokenException: Missing Authentication Token"},
		{"NoSignature", signed(func(r *http.Request) {
			r.Header.Set("Authorization", strings.Split(r.Header.Get("Authorization"), ", Signature=")[0])
		}, testKey, time.Now()), "IncompleteSignatureException: Authorization header requires 'Signature' parameter."},
		{"BadScope", signed(func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/aws4_request", "/x", 1))
		}, testKey, time.Now()), "IncompleteSignatureException: Credential should be scoped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.HasPrefix(tt.got, tt.wantPrefix) {
				t.Fatalf("got %q, want %q…", tt.got, tt.wantPrefix)
			}
		})
	}
}

func TestBotocoreGolden(t *testing.T) {
	var g struct {
		Method, URL, Body, Time string
		Headers                 map[string]string
	}
	data, err := os.ReadFile("testdata/botocore-invoke.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	at, _ := time.Parse(timeFormat, g.Time)
	srv := verifyServer(t, func() time.Time { return at })
	req, _ := http.NewRequest(g.Method, strings.Replace(g.URL, "http://127.0.0.1:9000", srv.URL, 1), strings.NewReader(g.Body))
	for k, v := range g.Headers {
		req.Header.Set(k, v)
	}
	req.Host = "127.0.0.1:9000" // the host botocore signed
	if got := do(t, req); got != "OK" {
		t.Fatal(got)
	}
}

func TestPresign(t *testing.T) {
	srv := verifyServer(t, time.Now)
	u, err := Presign("GET", srv.URL+"/_virga/code/abc", testKey, "us-east-1", "lambda", time.Now(), 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", u, nil)
	if got := do(t, req); got != "OK" {
		t.Fatal(got)
	}
	old, _ := Presign("GET", srv.URL+"/_virga/code/abc", testKey, "us-east-1", "lambda", time.Now().Add(-11*time.Minute), 10*time.Minute)
	req, _ = http.NewRequest("GET", old, nil)
	if got := do(t, req); !strings.HasPrefix(got, "InvalidSignatureException: Signature expired") {
		t.Fatal(got)
	}
	req, _ = http.NewRequest("GET", strings.Replace(u, "/abc?", "/abd?", 1), nil)
	if got := do(t, req); !strings.HasPrefix(got, "InvalidSignatureException") {
		t.Fatal(got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc", "20260101T000000Z", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=5")
	f.Add("", "", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a/b/c/d/e&X-Amz-Date=1&X-Amz-SignedHeaders=host&X-Amz-Signature=x&X-Amz-Expires=9")
	v := NewVerifier(lookup)
	f.Fuzz(func(t *testing.T, auth, date, query string) {
		req, err := http.NewRequest("GET", "http://h/p?"+query, nil)
		if err != nil {
			return
		}
		req.Header.Set("Authorization", auth)
		req.Header.Set("X-Amz-Date", date)
		_, _ = v.Verify(req, nil, time.Now())
	})
}

func BenchmarkVerify(b *testing.B) {
	body := []byte(`{"hello":"world"}`)
	req := httptest.NewRequest("POST", "http://127.0.0.1:9000/2015-03-31/functions/fn/invocations", bytes.NewReader(body))
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: testKey.AccessKeyID, SecretAccessKey: testKey.Secret}
	_ = v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "lambda", "us-east-1", time.Now())
	v := NewVerifier(lookup)
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(req, body, now); err != nil {
			b.Fatal(err)
		}
	}
}
