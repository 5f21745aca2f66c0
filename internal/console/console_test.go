package console

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/virga-dev/virga/internal/metrics"
	"github.com/virga-dev/virga/internal/sigv4"
	"github.com/virga-dev/virga/internal/store"
)

const admin = "123456789012"

var keys = map[string]sigv4.Key{
	"AKIAADMIN": {AccessKeyID: "AKIAADMIN", Secret: "admin-secret", Account: admin},
	"AKIAOTHER": {AccessKeyID: "AKIAOTHER", Secret: "other-secret", Account: "210987654321"},
}

// fakeSeries answers one sample per function it is asked about.
type fakeSeries struct{}

func (fakeSeries) Samples(function string) []metrics.Sample {
	return []metrics.Sample{{Time: 1, Invocations: len(function)}}
}

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	events, err := st.Bucket(context.Background(), "consoleevents")
	if err != nil {
		t.Fatal(err)
	}
	verifier := sigv4.NewVerifier(func(_ context.Context, id string) (sigv4.Key, bool, error) {
		k, ok := keys[id]
		return k, ok, nil
	})
	srv := httptest.NewServer(New(Config{Account: admin}, verifier, events, fakeSeries{}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

// do sends a request signed with key for service ("" leaves it unsigned).
func do(t *testing.T, srv *httptest.Server, key, service, method, path, body string) (int, string) {
	t.Helper()
	r, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if service != "" {
		sum := sha256.Sum256([]byte(body))
		k := keys[key]
		creds := aws.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.Secret}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), service, "us-east-1", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

func TestPages(t *testing.T) {
	srv := newServer(t)
	resp, err := http.Get(srv.URL + "/console/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !bytes.Contains(page, []byte(`src="js/app.js"`)) {
		t.Fatalf("GET /console/: %d %s", resp.StatusCode, page)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	if got, _ := do(t, srv, "", "", http.MethodPost, "/console/", ""); got != http.StatusMethodNotAllowed {
		t.Errorf("POST /console/: %d, want 405", got)
	}
	if got, _ := do(t, srv, "", "", http.MethodGet, "/console/js/sigv4.js", ""); got != 200 {
		t.Errorf("GET sigv4.js: %d", got)
	}
}

func TestSigned(t *testing.T) {
	srv := newServer(t)
	t.Run("Unsigned", func(t *testing.T) {
		if got, body := do(t, srv, "", "", http.MethodGet, "/console/api/samples", ""); got != http.StatusForbidden {
			t.Errorf("%d %s, want 403", got, body)
		}
	})
	t.Run("OtherService", func(t *testing.T) {
		if got, body := do(t, srv, "AKIAADMIN", "lambda", http.MethodGet, "/console/api/samples", ""); got != http.StatusForbidden {
			t.Errorf("%d %s, want 403", got, body)
		}
	})
	t.Run("UnknownPath", func(t *testing.T) {
		if got, body := do(t, srv, "AKIAADMIN", service, http.MethodGet, "/console/api/nothing", ""); got != http.StatusNotFound {
			t.Errorf("%d %s, want 404", got, body)
		}
	})
	t.Run("Samples", func(t *testing.T) {
		got, body := do(t, srv, "AKIAADMIN", service, http.MethodGet, "/console/api/samples", "")
		if got != 200 || !strings.Contains(body, `"sqs"`) {
			t.Fatalf("%d %s", got, body)
		}
		got, body = do(t, srv, "AKIAADMIN", service, http.MethodGet, "/console/api/samples/sqs", "")
		if got != 200 || !strings.Contains(body, "Records") {
			t.Fatalf("%d %s", got, body)
		}
		if got, _ := do(t, srv, "AKIAADMIN", service, http.MethodGet, "/console/api/samples/..%2fsamples", ""); got != http.StatusNotFound {
			t.Errorf("a path outside the samples: %d, want 404", got)
		}
	})
}

func TestMetrics(t *testing.T) {
	srv := newServer(t)
	got, body := do(t, srv, "AKIAADMIN", service, http.MethodGet, "/console/api/functions/abc/metrics", "")
	if got != 200 || !strings.Contains(body, `"invocations":3`) {
		t.Fatalf("%d %s", got, body)
	}
	if got, body := do(t, srv, "AKIAOTHER", service, http.MethodGet, "/console/api/functions/abc/metrics", ""); got != http.StatusForbidden {
		t.Errorf("another account: %d %s, want 403", got, body)
	}
	if got, _ := do(t, srv, "AKIAADMIN", service, http.MethodGet, "/console/api/functions/a.b/metrics", ""); got != http.StatusBadRequest {
		t.Errorf("a bad name: %d, want 400", got)
	}
}

func TestEvents(t *testing.T) {
	srv := newServer(t)
	list := func(key string) []savedEvent {
		t.Helper()
		got, body := do(t, srv, key, service, http.MethodGet, "/console/api/functions/f/events", "")
		if got != 200 {
			t.Fatalf("list: %d %s", got, body)
		}
		var out struct{ Events []savedEvent }
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		return out.Events
	}
	if got := list("AKIAADMIN"); len(got) != 0 {
		t.Fatalf("events before any were saved: %v", got)
	}
	for _, name := range []string{"b", "a", "b"} {
		if got, body := do(t, srv, "AKIAADMIN", service, http.MethodPut, "/console/api/functions/f/events/"+name, `{"n":"`+name+`"}`); got != http.StatusNoContent {
			t.Fatalf("put %s: %d %s", name, got, body)
		}
	}
	if got := list("AKIAADMIN"); len(got) != 2 || got[0].Name != "a" || string(got[1].Event) != `{"n":"b"}` {
		t.Fatalf("events: %+v", got)
	}
	t.Run("OtherAccountsOwn", func(t *testing.T) {
		if got := list("AKIAOTHER"); len(got) != 0 {
			t.Errorf("another account sees %v", got)
		}
	})
	t.Run("NotJSON", func(t *testing.T) {
		if got, _ := do(t, srv, "AKIAADMIN", service, http.MethodPut, "/console/api/functions/f/events/x", `{`); got != http.StatusBadRequest {
			t.Errorf("%d, want 400", got)
		}
	})
	t.Run("BadName", func(t *testing.T) {
		if got, _ := do(t, srv, "AKIAADMIN", service, http.MethodPut, "/console/api/functions/f/events/"+strings.Repeat("x", 26), `{}`); got != http.StatusBadRequest {
			t.Errorf("%d, want 400", got)
		}
	})
	t.Run("AtMostTen", func(t *testing.T) {
		for i := range 8 {
			do(t, srv, "AKIAADMIN", service, http.MethodPut, "/console/api/functions/f/events/e"+string(rune('0'+i)), `{}`)
		}
		if got, body := do(t, srv, "AKIAADMIN", service, http.MethodPut, "/console/api/functions/f/events/eleventh", `{}`); got != http.StatusBadRequest {
			t.Errorf("an eleventh event: %d %s, want 400", got, body)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if got, _ := do(t, srv, "AKIAADMIN", service, http.MethodDelete, "/console/api/functions/f/events/a", ""); got != http.StatusNoContent {
			t.Fatalf("delete: %d", got)
		}
		if got, _ := do(t, srv, "AKIAADMIN", service, http.MethodDelete, "/console/api/functions/f/events/a", ""); got != http.StatusNotFound {
			t.Errorf("delete again: %d, want 404", got)
		}
	})
}

func TestClaims(t *testing.T) {
	for _, tc := range []struct {
		path, service string
		want          bool
	}{
		{"/console", "", true},
		{"/console/", "", true},
		{"/console/js/app.js", "", true},
		{"/console/api/samples", service, true},
		{"/console-bucket/key", "", false}, // a bucket whose name begins with "console"
		{"/console/key", "s3", false},      // an object of the bucket "console"
		{"/console/api/samples", "lambda", false},
	} {
		r := httptest.NewRequest(http.MethodGet, tc.path, nil)
		if tc.service != "" {
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAADMIN/20260101/us-east-1/"+tc.service+"/aws4_request, SignedHeaders=host, Signature=00")
			r.Header.Set("X-Amz-Date", "20260101T000000Z")
		}
		if got := Claims(r); got != tc.want {
			t.Errorf("Claims(%s signed for %q) = %v, want %v", tc.path, tc.service, got, tc.want)
		}
	}
}
