package functionurl

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/httpevent"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/sigv4"
	"github.com/virga-dev/virga/internal/store"
)

const owner = "111111111111"

// source is an in-memory Source.
type source struct {
	urls     map[string]control.FunctionURL
	policies map[string][]lambda.Statement
}

func (s source) FunctionURLs(context.Context, string) ([]control.FunctionURL, error) {
	var out []control.FunctionURL
	for _, u := range s.urls {
		out = append(out, u)
	}
	return out, nil
}

func (s source) FunctionURL(_ context.Context, key string) (control.FunctionURL, error) {
	u, ok := s.urls[key]
	if !ok {
		return u, store.ErrNotFound
	}
	return u, nil
}

func (s source) GetPolicy(_ context.Context, ref arn.Function) (lambda.Policy, string, error) {
	st, ok := s.policies[control.FunctionURL{Function: ref.Name, Qualifier: ref.Qualifier}.Key()]
	if !ok {
		return lambda.Policy{}, "", aws.Errorf(aws.ErrNotFound, "No policy is associated with the given resource.")
	}
	return lambda.Policy{Statement: st}, "rev", nil
}

// invoker answers every invocation with result, or fails with err, and
// keeps the last invocation. It writes a result to the invocation's Stream
// as the Runtime API does: with contentType, in chunks when streamed.
type invoker struct {
	result      string
	fnErr       string
	err         error
	contentType string
	streamed    bool
	last        lambda.Invocation
}

func (f *invoker) Invoke(_ context.Context, inv lambda.Invocation) (lambda.InvokeResult, error) {
	f.last = inv
	if inv.Stream == nil || f.err != nil || f.fnErr != "" {
		return lambda.InvokeResult{Payload: []byte(f.result), FunctionError: f.fnErr}, f.err
	}
	if st, ok := inv.Stream.(lambda.StreamStarter); ok {
		st.StartStream(lambda.StreamHeader{ContentType: or(f.contentType, "application/json")})
	}
	for rest := f.result; rest != ""; {
		n := len(rest)
		if f.streamed {
			n = min(n, 5)
		}
		inv.Stream.Write([]byte(rest[:n]))
		rest = rest[n:]
	}
	return lambda.InvokeResult{Streamed: f.streamed}, nil
}

func or(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}

// verifier accepts requests whose Authorization header is an account id.
type verifier struct{}

func (verifier) Verify(r *http.Request, _ []byte, _ time.Time) (sigv4.Identity, error) {
	account := r.Header.Get("Authorization")
	if account == "" {
		return sigv4.Identity{}, errors.New("not signed")
	}
	return sigv4.Identity{Key: sigv4.Key{AccessKeyID: "AKID" + account, Account: account}, Service: "lambda"}, nil
}

var (
	public  = lambda.Statement{Sid: "url", Effect: "Allow", Principal: "*", Action: lambda.ActionInvokeURL, Condition: map[string]map[string]string{"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}}
	partner = lambda.Statement{Sid: "p", Effect: "Allow", Principal: map[string]any{"AWS": "arn:aws:iam::222222222222:root"}, Action: lambda.ActionInvokeURL}
)

func newSite(t *testing.T, inv *invoker) *Site {
	t.Helper()
	maxAge := 60
	src := source{
		urls: map[string]control.FunctionURL{
			"open.=latest":  {ID: "openid", Function: "open", AuthType: lambda.URLAuthNone},
			"shut.=latest":  {ID: "shutid", Function: "shut", AuthType: lambda.URLAuthNone},
			"iam.live":      {ID: "iamid", Function: "iam", Qualifier: "live", AuthType: lambda.URLAuthIAM},
			"cors.=latest":  {ID: "corsid", Function: "cors", AuthType: lambda.URLAuthNone, Cors: &lambda.Cors{AllowOrigins: []string{"https://a.example"}, AllowMethods: []string{"POST"}, MaxAge: &maxAge}},
			"other.=latest": {ID: "otherid", Function: "other", AuthType: lambda.URLAuthNone},
			"live.=latest":  {ID: "liveid", Function: "live", AuthType: lambda.URLAuthNone, InvokeMode: lambda.URLStream},
		},
		policies: map[string][]lambda.Statement{
			"open.=latest": {public}, "cors.=latest": {public}, "live.=latest": {public}, "iam.live": {partner},
			"shut.=latest": {{Sid: "s", Effect: "Allow", Principal: map[string]any{"Service": "s3.amazonaws.com"}, Action: lambda.ActionInvokeURL}},
		},
	}
	index := NewIndex(src, nil)
	if err := index.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	return New(Config{Account: owner, Domain: "lambda-url.us-east-1.localhost"}, index, inv, verifier{})
}

// prelude is a streamed response with an HTTP prelude.
const prelude = `{"statusCode":202,"headers":{"content-type":"text/plain"},"cookies":["k=v"]}` + "\x00\x00\x00\x00\x00\x00\x00\x00" + "streamed body"

func TestServe(t *testing.T) {
	tests := []struct {
		name       string
		inv        invoker
		method     string
		target     string
		header     map[string]string
		body       string
		wantStatus int
		wantBody   string
		wantHeader map[string]string
	}{
		{"HostForm", invoker{result: `{"statusCode":201,"body":"made"}`}, "GET", "http://openid.lambda-url.us-east-1.localhost/a", nil, "", 201, "made", nil},
		{"PathForm", invoker{result: `"hi"`}, "GET", "http://127.0.0.1/_virga/url/openid/a/b", nil, "", 200, "hi", map[string]string{"Content-Type": "application/json"}},
		{"UnknownID", invoker{}, "GET", "http://nope.lambda-url.us-east-1.localhost/", nil, "", 403, `{"Message":null}`, map[string]string{"x-amzn-ErrorType": "AccessDeniedException"}},
		{"NotPublic", invoker{}, "GET", "http://shutid.lambda-url.us-east-1.localhost/", nil, "", 403, `{"Message":"Forbidden. For troubleshooting`, nil},
		{"NoPolicy", invoker{}, "GET", "http://otherid.lambda-url.us-east-1.localhost/", nil, "", 403, `{"Message":"Forbidden. For troubleshooting`, nil},
		{"IAMUnsigned", invoker{}, "GET", "http://iamid.lambda-url.us-east-1.localhost/", nil, "", 403, `{"Message":"Forbidden"}`, nil},
		{"IAMOwner", invoker{result: `{}`}, "GET", "http://iamid.lambda-url.us-east-1.localhost/", map[string]string{"Authorization": owner}, "", 200, `{}`, nil},
		{"IAMPartner", invoker{result: `{}`}, "GET", "http://iamid.lambda-url.us-east-1.localhost/", map[string]string{"Authorization": "222222222222"}, "", 200, `{}`, nil},
		{"IAMStranger", invoker{}, "GET", "http://iamid.lambda-url.us-east-1.localhost/", map[string]string{"Authorization": "333333333333"}, "", 403, `{"Message":"Forbidden"}`, nil},
		{"FunctionError", invoker{result: `{"errorMessage":"boom"}`, fnErr: "Unhandled"}, "GET", "http://openid.lambda-url.us-east-1.localhost/", nil, "", 502, "Internal Server Error", nil},
		{"Malformed", invoker{result: `{"statusCode":"abc"}`}, "GET", "http://openid.lambda-url.us-east-1.localhost/", nil, "", 502, "Internal Server Error", nil},
		{"Throttled", invoker{err: &aws.Error{Kind: aws.ErrThrottled, Message: "Rate Exceeded."}}, "GET", "http://openid.lambda-url.us-east-1.localhost/", nil, "", 429, `{"Message":"Rate Exceeded."}`, nil},
		{"ZeroReserved", invoker{err: concurrency.ErrZeroReserved}, "GET", "http://openid.lambda-url.us-east-1.localhost/", nil, "", 403, `{"Message":"Forbidden"}`, nil},
		{"NotActive", invoker{err: aws.Errorf(aws.ErrConflict, "Pending")}, "GET", "http://openid.lambda-url.us-east-1.localhost/", nil, "", 502, "Internal Server Error", nil},
		{"TooLarge", invoker{}, "POST", "http://openid.lambda-url.us-east-1.localhost/", nil, strings.Repeat("x", lambda.MaxSyncPayload+1), 413, `{"Message":"Request must be smaller`, nil},
		{"Preflight", invoker{err: errors.New("must not run")}, "OPTIONS", "http://corsid.lambda-url.us-east-1.localhost/",
			map[string]string{"Origin": "https://a.example", "Access-Control-Request-Method": "POST"}, "", 200, "",
			map[string]string{"Access-Control-Allow-Origin": "https://a.example", "Access-Control-Allow-Methods": "POST", "Access-Control-Max-Age": "60"}},
		{"PreflightRefused", invoker{err: errors.New("must not run")}, "OPTIONS", "http://corsid.lambda-url.us-east-1.localhost/",
			map[string]string{"Origin": "https://b.example", "Access-Control-Request-Method": "POST"}, "", 200, "", map[string]string{"Access-Control-Allow-Origin": ""}},
		{"PreludeBuffered", invoker{result: prelude, contentType: httpevent.PreludeContentType, streamed: true}, "GET", "http://openid.lambda-url.us-east-1.localhost/", nil, "", 202, "streamed body",
			map[string]string{"Content-Type": "text/plain", "Set-Cookie": "k=v"}},
		{"StreamBuffered", invoker{result: "raw bytes", contentType: "text/csv", streamed: true}, "GET", "http://openid.lambda-url.us-east-1.localhost/", nil, "", 200, "raw bytes",
			map[string]string{"Content-Type": "text/csv"}},
		{"TooLargeBuffered", invoker{result: strings.Repeat("x", lambda.MaxResponsePayload+1), contentType: "text/plain", streamed: true}, "GET", "http://openid.lambda-url.us-east-1.localhost/", nil, "", 502, "Internal Server Error", nil},
		{"PreludeStreamed", invoker{result: prelude, contentType: httpevent.PreludeContentType, streamed: true}, "GET", "http://liveid.lambda-url.us-east-1.localhost/", nil, "", 202, "streamed body",
			map[string]string{"Content-Type": "text/plain", "Set-Cookie": "k=v"}},
		{"StreamedRaw", invoker{result: `{"statusCode":201}`}, "GET", "http://liveid.lambda-url.us-east-1.localhost/", nil, "", 200, `{"statusCode":201}`,
			map[string]string{"Content-Type": "application/json"}},
		{"StreamedBadPrelude", invoker{result: "{nope}\x00\x00\x00\x00\x00\x00\x00\x00body", contentType: httpevent.PreludeContentType, streamed: true}, "GET", "http://liveid.lambda-url.us-east-1.localhost/", nil, "", 502, "Internal Server Error", nil},
		{"StreamedUnfinishedPrelude", invoker{result: `{"statusCode":201}`, contentType: httpevent.PreludeContentType, streamed: true}, "GET", "http://liveid.lambda-url.us-east-1.localhost/", nil, "", 200, `{"statusCode":201}`, nil},
		{"StreamedFunctionError", invoker{result: `{"errorMessage":"boom"}`, fnErr: "Unhandled"}, "GET", "http://liveid.lambda-url.us-east-1.localhost/", nil, "", 502, "Internal Server Error", nil},
		{"CORSWins", invoker{result: `{"statusCode":200,"headers":{"Access-Control-Allow-Origin":"*"}}`}, "POST", "http://corsid.lambda-url.us-east-1.localhost/",
			map[string]string{"Origin": "https://a.example"}, "", 200, "", map[string]string{"Access-Control-Allow-Origin": "https://a.example", "Vary": "Origin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := tt.inv
			site := newSite(t, &inv)
			r := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			site.ServeHTTP(w, r)
			if w.Code != tt.wantStatus || !strings.HasPrefix(w.Body.String(), tt.wantBody) {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Body.String(), tt.wantStatus, tt.wantBody)
			}
			for k, v := range tt.wantHeader {
				if got := w.Header().Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestEventOfAURL(t *testing.T) {
	inv := &invoker{result: `{}`}
	site := newSite(t, inv)
	r := httptest.NewRequest("GET", "http://127.0.0.1:9000/_virga/url/iamid/x%2Fy?q=1", nil)
	r.Header.Set("Authorization", "222222222222")
	site.ServeHTTP(httptest.NewRecorder(), r)
	if inv.last.Name != "iam" || inv.last.Qualifier != "live" {
		t.Errorf("invoked %s:%s, want iam:live", inv.last.Name, inv.last.Qualifier)
	}
	var ev httpevent.Request
	if err := json.Unmarshal(inv.last.Payload, &ev); err != nil {
		t.Fatal(err)
	}
	ctx := ev.RequestContext
	if ev.RawPath != "/x%2Fy" || ctx.HTTP.Path != "/x%2Fy" || ctx.APIID != "iamid" || ctx.DomainName != "iamid.lambda-url.us-east-1.localhost" ||
		ctx.AccountID != "222222222222" || ctx.Authorizer == nil || ctx.Authorizer.IAM.UserARN != "arn:aws:iam::222222222222:root" ||
		ev.RawQueryString != "q=1" || inv.last.TraceID != ev.Headers["x-amzn-trace-id"] || !strings.HasPrefix(inv.last.TraceID, "Root=1-") {
		t.Errorf("event %+v", ev)
	}
}

func TestIndexFollowsChanges(t *testing.T) {
	src := source{urls: map[string]control.FunctionURL{}, policies: map[string][]lambda.Statement{}}
	index := NewIndex(src, nil)
	if err := index.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	src.urls["fn.=latest"] = control.FunctionURL{ID: "one", Function: "fn", AuthType: lambda.URLAuthNone}
	index.Changed("fn.=latest")
	if tg, ok := index.lookup("one"); !ok || len(tg.policy.Statement) != 0 {
		t.Fatalf("new URL: %+v %v", tg, ok)
	}
	src.policies["fn.=latest"] = []lambda.Statement{public}
	index.Changed("fn.=latest")
	if tg, _ := index.lookup("one"); len(tg.policy.Statement) != 1 {
		t.Errorf("policy not followed: %+v", tg)
	}
	delete(src.urls, "fn.=latest")
	index.Changed("fn.=latest")
	if _, ok := index.lookup("one"); ok {
		t.Error("deleted URL still served")
	}
}
