package sigv4

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const fnARN = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afn"

func TestVerifySDKSigned(t *testing.T) {
	tests := []struct {
		name, service, method, path, body string
		header                            http.Header
	}{
		{"InvokeByARN", "lambda", "POST", "/2015-03-31/functions/" + fnARN + "/invocations?Qualifier=%24LATEST", `{"hello":"world"}`,
			http.Header{"X-Amz-Invocation-Type": {"RequestResponse"}, "Content-Type": {"application/json"}}},
		{"InvokeEmptyBody", "lambda", "POST", "/2015-03-31/functions/fn/invocations", "", nil},
		{"GetFunctionQualified", "lambda", "GET", "/2015-03-31/functions/fn%3A%24LATEST", "", nil},
		{"ListFunctions", "lambda", "GET", "/2015-03-31/functions?MaxItems=2&Marker=abc%3D", "", nil},
		{"UntagRepeatedKeys", "lambda", "DELETE", "/2017-03-31/tags/" + fnARN + "?tagKeys=b&tagKeys=a&tagKeys=a%2Fb&tagKeys=a-b", "", nil},
		{"QuerySpacesAndPlus", "lambda", "GET", "/2015-03-31/functions?Marker=a%20b%2Bc&M=%7E", "", nil},
		{"QueryKeyPrefixes", "lambda", "GET", "/x?a-=1&a=2&a.b=3&ab=4", "", nil},
		{"MultiValueHeader", "lambda", "PUT", "/2015-03-31/functions/fn/configuration", `{"Timeout":5}`,
			http.Header{"X-Amz-Meta-A": {"  one   two ", "three"}}},
		{"STSForm", "sts", "POST", "/", "Action=GetCallerIdentity&Version=2011-06-15",
			http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}}},
		{"NonASCIIPath", "lambda", "GET", "/2015-03-31/functions/%C3%A9t%C3%A9", "", nil},
	}
	v := NewVerifier(lookup)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, tt.method, tt.path, []byte(tt.body))
			for k, vs := range tt.header {
				req.Header[k] = vs
			}
			sdkSign(t, req, hashHex([]byte(tt.body)), tt.service, testKey, signTime)
			got, err := v.Verify(onWire(t, req), []byte(tt.body), signTime)
			if err != nil {
				t.Fatal(err)
			}
			want := Identity{Key: testKey, Region: "us-east-1", Service: tt.service}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// TestVerifyInProcessRequest covers a request that never crossed the wire:
// no RequestURI, Content-Length only in r.ContentLength.
func TestVerifyInProcessRequest(t *testing.T) {
	body := []byte(`{"a":1}`)
	req := newRequest(t, "POST", "/2015-03-31/functions/"+fnARN+"/invocations", body)
	sdkSign(t, req, hashHex(body), "lambda", testKey, signTime)
	if _, err := NewVerifier(lookup).Verify(req, body, signTime); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyUnsignedPayload(t *testing.T) {
	req := newRequest(t, "POST", "/2015-03-31/functions/fn/invocations", []byte("signed"))
	req.Header.Set("X-Amz-Content-Sha256", unsignedPayload)
	sdkSign(t, req, unsignedPayload, "lambda", testKey, signTime)
	if _, err := NewVerifier(lookup).Verify(onWire(t, req), []byte("not what was sent"), signTime); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyContentSHA256Header(t *testing.T) {
	body := []byte(`{"a":1}`)
	req := newRequest(t, "POST", "/2015-03-31/functions/fn/invocations", body)
	req.Header.Set("X-Amz-Content-Sha256", hashHex(body))
	sdkSign(t, req, hashHex(body), "lambda", testKey, signTime)
	if _, err := NewVerifier(lookup).Verify(onWire(t, req), body, signTime); err != nil {
		t.Fatal(err)
	}
}

func TestRequireService(t *testing.T) {
	id := Identity{Key: testKey, Region: "us-east-1", Service: "sts"}
	if err := id.RequireService("sts"); err != nil {
		t.Fatal(err)
	}
	want := &Error{Code: "InvalidSignatureException", Message: "Credential should be scoped to correct service: 'lambda'. "}
	if diff := cmp.Diff(want, id.RequireService("lambda")); diff != "" {
		t.Error(diff)
	}
}

// TestVerifyConcurrent shares one Verifier (its key cache and scratch pool)
// between goroutines signing for different days and services; run with -race.
func TestVerifyConcurrent(t *testing.T) {
	v := NewVerifier(lookup)
	var wg sync.WaitGroup
	for i := range 8 {
		when := signTime.Add(time.Duration(i%3) * 24 * time.Hour)
		service := []string{"lambda", "sts"}[i%2]
		body := []byte(strings.Repeat("x", i))
		req := newRequest(t, "POST", "/2015-03-31/functions/fn/invocations?i="+strconv.Itoa(i), body)
		sdkSign(t, req, hashHex(body), service, testKey, when)
		r := onWire(t, req)
		wg.Go(func() {
			for range 50 {
				if _, err := v.Verify(r, body, when); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
