package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// shapes answers a function URL request with the response shape its
// ?shape= names; "echo" (the default) returns the event.
const shapes = `import base64, json, time

def handler(event, context):
    shape = (event.get("queryStringParameters") or {}).get("shape", "echo")
    if shape == "echo":
        return {"statusCode": 200, "headers": {"content-type": "application/json", "x-shape": "echo"}, "body": json.dumps(event)}
    if shape == "object":
        return {"hello": "world"}
    if shape == "string":
        return "hello"
    if shape == "number":
        return 3
    if shape == "list":
        return ["hello", 3, True]
    if shape == "binary":
        return {"statusCode": 200, "headers": {"content-type": "image/png"}, "body": base64.b64encode(b"\x89PNG\r\n").decode(), "isBase64Encoded": True}
    if shape == "cookies":
        return {"statusCode": 302, "headers": {"location": "/next"}, "cookies": ["a=1; Path=/", "b=2"], "body": ""}
    if shape == "cors":
        return {"statusCode": 200, "headers": {"access-control-allow-origin": "https://function.example"}, "body": "ok"}
    if shape == "malformed":
        return {"statusCode": "teapot"}
    if shape == "error":
        raise ValueError("boom")
    if shape == "slow":
        time.sleep(5)
    return None
`

// urlOf creates a function URL and returns it with its id.
func urlOf(t *testing.T, c *lambda.Client, in *lambda.CreateFunctionUrlConfigInput) (string, string) {
	t.Helper()
	out, err := c.CreateFunctionUrlConfig(ctx(t), in)
	if err != nil {
		t.Fatalf("create function url: %v", err)
	}
	u, err := url.Parse(*out.FunctionUrl)
	if err != nil {
		t.Fatal(err)
	}
	id, _, _ := strings.Cut(u.Hostname(), ".")
	return *out.FunctionUrl, id
}

// allowPublic adds the permission a URL without auth needs.
func allowPublic(t *testing.T, c *lambda.Client, fn string) {
	t.Helper()
	addPermission(t, c, &lambda.AddPermissionInput{
		FunctionName: aws.String(fn), StatementId: aws.String("public-url"), Action: aws.String("lambda:InvokeFunctionUrl"),
		Principal: aws.String("*"), FunctionUrlAuthType: types.FunctionUrlAuthTypeNone,
	})
}

// hostClient reaches <id>.lambda-url.<region>.localhost names at the
// server, as curl and browsers do on their own.
func (s *server) hostClient() *http.Client {
	addr := strings.TrimPrefix(s.endpoint, "http://")
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
}

// pathURL is the path form of a function URL id.
func (s *server) pathURL(id string) string { return s.endpoint + "/_virga/url/" + id }

// get sends req and reads the response whole.
func get(t *testing.T, c *http.Client, req *http.Request) rawResponse {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: body}
}

func newRequest(t *testing.T, method, target string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// eventually retries check until it holds or ten seconds pass: URL
// changes reach the serving index through the store's change feed.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !check(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
	}
}

// curl runs curl -s -i and splits its output into status, headers and body.
func curl(t *testing.T, args ...string) rawResponse {
	t.Helper()
	out, err := exec.Command("curl", append([]string{"-s", "-i", "--max-time", "30"}, args...)...).Output()
	if err != nil {
		t.Fatalf("curl %v: %v", args, err)
	}
	head, body, _ := bytes.Cut(out, []byte("\r\n\r\n"))
	lines := strings.Split(string(head), "\r\n")
	var r rawResponse
	r.header, r.body = http.Header{}, body
	if f := strings.Fields(lines[0]); len(f) > 1 {
		r.status, _ = strconv.Atoi(f[1])
	}
	for _, l := range lines[1:] {
		if k, v, ok := strings.Cut(l, ":"); ok {
			r.header.Add(k, strings.TrimSpace(v))
		}
	}
	return r
}

// eventOf decodes the event an echo response carries.
func eventOf(t *testing.T, r rawResponse) map[string]any {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	return r.json(t)
}

// at follows a path of object members through decoded JSON.
func at(v any, path ...string) any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

func TestFunctionURL(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createFn(t, s, "web", "python3.12", "app.handler", map[string]string{"app.py": shapes}, func(in *lambda.CreateFunctionInput) {
		in.Timeout = aws.Int32(2)
	})
	fnURL, id := urlOf(t, c, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("web"), AuthType: types.FunctionUrlAuthTypeNone})
	hosts := s.hostClient()

	t.Run("NoPermission", func(t *testing.T) {
		eventually(t, "the URL served", func() bool { return string(curl(t, fnURL).body) != `{"Message":null}` }) // null: not indexed yet
		r := curl(t, fnURL)
		if !strings.HasPrefix(string(r.body), `{"Message":"Forbidden. For troubleshooting Function URL authorization issues`) ||
			r.header.Get("x-amzn-ErrorType") != "AccessDeniedException" {
			t.Errorf("got %d %v %s", r.status, r.header, r.body)
		}
	})
	allowPublic(t, c, "web")
	eventually(t, "the permission followed", func() bool { return curl(t, fnURL).status == 200 })

	t.Run("Curl", func(t *testing.T) {
		port := s.endpoint[strings.LastIndex(s.endpoint, ":")+1:]
		for name, args := range map[string][]string{
			"HostForm":   {fnURL + "pa%2Fth/x?a=1&a=2&b=two%20words"},
			"HostHeader": {"-H", "Host: " + id + ".lambda-url.us-east-1.localhost:" + port, s.endpoint + "/pa%2Fth/x?a=1&a=2&b=two%20words"},
			"Resolve":    {"--resolve", id + ".lambda-url.us-east-1.localhost:" + port + ":127.0.0.1", fnURL + "pa%2Fth/x?a=1&a=2&b=two%20words"},
			"PathForm":   {s.pathURL(id) + "/pa%2Fth/x?a=1&a=2&b=two%20words"},
		} {
			t.Run(name, func(t *testing.T) {
				args = append([]string{"-H", "Cookie: c1=v1; c2=v2", "-H", "X-Multi: one", "-H", "X-Multi: two",
					"-H", "Content-Type: application/json", "--data-binary", `{"hello":"world"}`}, args...)
				ev := eventOf(t, curl(t, args...))
				checkEvent(t, ev, id, "POST", `{"hello":"world"}`, false)
				if at(ev, "headers", "x-multi") != "one,two" || at(ev, "headers", "x-forwarded-port") != port {
					t.Errorf("headers %v", ev["headers"])
				}
				if got, _ := json.Marshal(ev["cookies"]); string(got) != `["c1=v1","c2=v2"]` {
					t.Errorf("cookies %s", got)
				}
			})
		}
	})

	t.Run("GoClient", func(t *testing.T) {
		for name, target := range map[string]struct {
			c   *http.Client
			url string
		}{
			"HostForm": {hosts, fnURL + "pa%2Fth/x?a=1&a=2&b=two%20words"},
			"PathForm": {http.DefaultClient, s.pathURL(id) + "/pa%2Fth/x?a=1&a=2&b=two%20words"},
		} {
			t.Run(name, func(t *testing.T) {
				req := newRequest(t, "PUT", target.url, []byte{0, 1, 2, 255})
				req.Header.Set("Content-Type", "application/octet-stream")
				ev := eventOf(t, get(t, target.c, req))
				checkEvent(t, ev, id, "PUT", "AAEC/w==", true)
			})
		}
	})

	t.Run("PythonClient", func(t *testing.T) {
		script := `
import json, sys, urllib.request, requests
path_url, endpoint, host = sys.argv[1:4]
with urllib.request.urlopen(urllib.request.Request(path_url + "/pa%2Fth/x?a=1&a=2&b=two%20words", data=b"plain words", headers={"Content-Type": "text/plain"})) as r:
    print(r.read().decode())
r = requests.post(endpoint + "/pa%2Fth/x?a=1&a=2&b=two%20words", data=b"plain words", headers={"Host": host, "Content-Type": "text/plain"})
print(r.text)
`
		out, err := exec.Command("python3", "-c", script, s.pathURL(id), s.endpoint, strings.TrimSuffix(strings.TrimPrefix(fnURL, "http://"), "/")).Output()
		if err != nil {
			t.Fatalf("python: %v %s", err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 2 {
			t.Fatalf("python printed %s", out)
		}
		for _, line := range lines {
			var ev map[string]any
			if err := json.Unmarshal([]byte(line), &ev); err != nil {
				t.Fatal(err)
			}
			checkEvent(t, ev, id, "POST", "plain words", false)
		}
	})

	t.Run("Shapes", func(t *testing.T) { responseShapes(t, hosts, fnURL) })
	t.Run("Limits", func(t *testing.T) { urlLimits(t, s, fnURL, id) })
	t.Run("CORS", func(t *testing.T) { urlCORS(t, s, c, fnURL) })
	t.Run("ReservedConcurrencyZero", func(t *testing.T) {
		if _, err := c.PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("web"), ReservedConcurrentExecutions: aws.Int32(0)}); err != nil {
			t.Fatal(err)
		}
		if r := get(t, hosts, newRequest(t, "GET", fnURL, nil)); r.status != 403 || string(r.body) != `{"Message":"Forbidden"}` {
			t.Errorf("deactivated URL answered %d %s", r.status, r.body)
		}
		if _, err := c.DeleteFunctionConcurrency(ctx(t), &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("web")}); err != nil {
			t.Fatal(err)
		}
		if r := get(t, hosts, newRequest(t, "GET", fnURL, nil)); r.status != 200 {
			t.Errorf("reactivated URL answered %d %s", r.status, r.body)
		}
	})
}

// checkEvent checks the members of an echoed event that every client's
// request to /pa%2Fth/x?a=1&a=2&b=two%20words shares.
func checkEvent(t *testing.T, ev map[string]any, id, method, body string, base64 bool) {
	t.Helper()
	want := map[string]any{
		"version": "2.0", "routeKey": "$default", "rawPath": "/pa%2Fth/x", "rawQueryString": "a=1&a=2&b=two%20words",
		"body": body, "isBase64Encoded": base64,
	}
	for k, v := range want {
		if ev[k] != v {
			t.Errorf("%s = %#v, want %#v", k, ev[k], v)
		}
	}
	if got, _ := json.Marshal(ev["queryStringParameters"]); string(got) != `{"a":"1,2","b":"two words"}` {
		t.Errorf("queryStringParameters %s", got)
	}
	rc := ev["requestContext"]
	for path, v := range map[string]any{
		"accountId": "anonymous", "apiId": id, "domainPrefix": id, "domainName": id + ".lambda-url.us-east-1.localhost",
		"routeKey": "$default", "stage": "$default",
	} {
		if at(rc, path) != v {
			t.Errorf("requestContext.%s = %#v, want %#v", path, at(rc, path), v)
		}
	}
	if at(rc, "http", "method") != method || at(rc, "http", "path") != "/pa%2Fth/x" || at(rc, "http", "sourceIp") != "127.0.0.1" ||
		at(rc, "http", "protocol") != "HTTP/1.1" || at(rc, "timeEpoch") == nil || at(rc, "authorizer") != nil {
		t.Errorf("requestContext %v", rc)
	}
	for _, h := range []string{"x-forwarded-for", "x-forwarded-proto", "x-forwarded-port", "x-amzn-trace-id", "host"} {
		if at(ev, "headers", h) == nil {
			t.Errorf("header %s missing: %v", h, ev["headers"])
		}
	}
	if _, ok := ev["pathParameters"]; ok {
		t.Error("pathParameters present")
	}
}

func responseShapes(t *testing.T, c *http.Client, fnURL string) {
	tests := []struct {
		shape       string
		status      int
		contentType string
		body        string
		header      map[string][]string
	}{
		{"object", 200, "application/json", `{"hello": "world"}`, nil},
		{"string", 200, "application/json", "hello", nil},
		{"number", 200, "application/json", "3", nil},
		{"list", 200, "application/json", `["hello", 3, true]`, nil},
		{"binary", 200, "image/png", "\x89PNG\r\n", nil},
		{"cookies", 302, "application/json", "", map[string][]string{"Set-Cookie": {"a=1; Path=/", "b=2"}, "Location": {"/next"}}},
		{"none", 200, "application/json", "null", nil},
		{"malformed", 502, "text/plain; charset=utf-8", "Internal Server Error", nil},
		{"error", 502, "text/plain; charset=utf-8", "Internal Server Error", nil},
		{"slow", 502, "text/plain; charset=utf-8", "Internal Server Error", nil},
	}
	noRedirect := *c
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, tt := range tests {
		t.Run(tt.shape, func(t *testing.T) {
			r := get(t, &noRedirect, newRequest(t, "GET", fnURL+"?shape="+tt.shape, nil))
			if r.status != tt.status || string(r.body) != tt.body || r.header.Get("Content-Type") != tt.contentType {
				t.Errorf("got %d %q %q, want %d %q %q", r.status, r.header.Get("Content-Type"), r.body, tt.status, tt.contentType, tt.body)
			}
			for k, v := range tt.header {
				if got := r.header.Values(k); strings.Join(got, "|") != strings.Join(v, "|") {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if r.header.Get("x-amzn-RequestId") == "" || r.header.Get("X-Amzn-Trace-Id") == "" {
				t.Errorf("headers %v", r.header)
			}
		})
	}
}

// urlLimits sends what AWS refuses before the function runs.
func urlLimits(t *testing.T, s *server, fnURL, id string) {
	big := bytes.Repeat([]byte("x"), 6291457)
	if r := get(t, s.hostClient(), newRequest(t, "POST", fnURL, big)); r.status != 413 || !strings.Contains(string(r.body), "6291456") {
		t.Errorf("6 MB + 1 body: %d %s", r.status, r.body)
	}
	// Under the limit, but base64 makes the event too large.
	large := bytes.Repeat([]byte{0xff}, 5<<20)
	if r := get(t, s.hostClient(), newRequest(t, "POST", fnURL, large)); r.status != 413 {
		t.Errorf("5 MB binary body: %d %s", r.status, r.body)
	}
	if r := get(t, http.DefaultClient, newRequest(t, "GET", s.pathURL("nosuchid")+"/", nil)); r.status != 403 || string(r.body) != `{"Message":null}` {
		t.Errorf("unknown id: %d %s", r.status, r.body)
	}
	if r := get(t, http.DefaultClient, newRequest(t, "GET", s.pathURL(id), nil)); r.status != 200 || at(r.json(t), "rawPath") != "/" {
		t.Errorf("id without path: %d %s", r.status, r.body)
	}
	// A header block over the server's limit is refused before any handler.
	req := newRequest(t, "GET", fnURL, nil)
	req.Header.Set("X-Huge", strings.Repeat("h", 2<<20))
	if r := get(t, s.hostClient(), req); r.status != 431 {
		t.Errorf("2 MB header: %d", r.status)
	}
}

// urlCORS configures CORS and sends a browser's preflight and request.
func urlCORS(t *testing.T, s *server, c *lambda.Client, fnURL string) {
	_, err := c.UpdateFunctionUrlConfig(ctx(t), &lambda.UpdateFunctionUrlConfigInput{FunctionName: aws.String("web"), Cors: &types.Cors{
		AllowOrigins: []string{"https://app.example"}, AllowMethods: []string{"GET", "POST"}, AllowHeaders: []string{"x-custom"},
		ExposeHeaders: []string{"x-shape"}, MaxAge: aws.Int32(600), AllowCredentials: aws.Bool(true),
	}})
	if err != nil {
		t.Fatal(err)
	}
	preflight := []string{"-X", "OPTIONS", "-H", "Origin: https://app.example", "-H", "Access-Control-Request-Method: POST",
		"-H", "Access-Control-Request-Headers: x-custom", fnURL + "?shape=error"}
	eventually(t, "CORS configured", func() bool { return curl(t, preflight...).header.Get("Access-Control-Allow-Origin") != "" })
	r := curl(t, preflight...)
	want := map[string]string{
		"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "GET,POST", "Access-Control-Allow-Headers": "x-custom",
		"Access-Control-Max-Age": "600", "Access-Control-Allow-Credentials": "true",
	}
	for k, v := range want {
		if r.header.Get(k) != v {
			t.Errorf("preflight %s = %q, want %q", k, r.header.Get(k), v)
		}
	}
	if r.status != 200 || len(r.body) != 0 {
		t.Errorf("preflight answered %d %q (the function would have failed)", r.status, r.body)
	}
	refused := curl(t, "-X", "OPTIONS", "-H", "Origin: https://evil.example", "-H", "Access-Control-Request-Method: POST", fnURL+"?shape=error")
	if refused.status != 200 || refused.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from another origin: %d %v", refused.status, refused.header)
	}
	actual := curl(t, "-H", "Origin: https://app.example", fnURL+"?shape=cors")
	if actual.header.Get("Access-Control-Allow-Origin") != "https://app.example" || actual.header.Get("Access-Control-Expose-Headers") != "x-shape" {
		t.Errorf("response headers %v: the configured CORS headers must win", actual.header)
	}
}

// signedRequest signs req for lambda with a's keys, as the SDKs do.
func signedRequest(t *testing.T, req *http.Request, body []byte, a account) *http.Request {
	t.Helper()
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: a.SecretAccessKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "lambda", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	return req
}

func TestFunctionURLIAM(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	other := s.addAccount(t)
	admin := account{AccountID: s.admin.AccountID, AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: s.admin.SecretAccessKey}
	createFn(t, s, "private", "python3.12", "app.handler", map[string]string{"app.py": shapes}, nil)
	if _, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("private")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("private"), Name: aws.String("live"), FunctionVersion: aws.String("1")}); err != nil {
		t.Fatal(err)
	}
	fnURL, id := urlOf(t, c, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("private"), Qualifier: aws.String("live"), AuthType: types.FunctionUrlAuthTypeAwsIam})
	hosts := s.hostClient()
	body := []byte(`{"signed":true}`)
	send := func(c *http.Client, target string, a *account) rawResponse {
		req := newRequest(t, "POST", target, body)
		req.Header.Set("Content-Type", "application/json")
		if a != nil {
			signedRequest(t, req, body, *a)
		}
		return get(t, c, req)
	}
	eventually(t, "the URL served", func() bool { return string(send(hosts, fnURL, nil).body) != `{"Message":null}` }) // null: not indexed yet

	if r := send(hosts, fnURL, nil); r.status != 403 || string(r.body) != `{"Message":"Forbidden"}` {
		t.Errorf("unsigned: %d %s", r.status, r.body)
	}
	for name, target := range map[string]struct {
		c   *http.Client
		url string
	}{"HostForm": {hosts, fnURL + "in?x=1"}, "PathForm": {http.DefaultClient, s.pathURL(id) + "/in?x=1"}} {
		t.Run(name, func(t *testing.T) {
			ev := eventOf(t, send(target.c, target.url, &admin))
			iam := at(ev, "requestContext", "authorizer", "iam")
			want := map[string]any{
				"accessKey": s.admin.AccessKeyID, "accountId": s.admin.AccountID, "callerId": s.admin.AccountID, "userId": s.admin.AccountID,
				"userArn": "arn:aws:iam::" + s.admin.AccountID + ":root", "principalOrgId": nil, "cognitoIdentity": nil,
			}
			m, _ := iam.(map[string]any)
			for k, v := range want {
				if got, ok := m[k]; !ok || got != v {
					t.Errorf("authorizer.iam.%s = %#v, want %#v", k, got, v)
				}
			}
			if at(ev, "requestContext", "accountId") != s.admin.AccountID || ev["rawPath"] != "/in" {
				t.Errorf("event %v", ev)
			}
		})
	}
	t.Run("BadSignature", func(t *testing.T) {
		wrong := admin
		wrong.SecretAccessKey = "wrong"
		if r := send(hosts, fnURL, &wrong); r.status != 403 {
			t.Errorf("bad signature: %d %s", r.status, r.body)
		}
	})
	t.Run("OtherAccount", func(t *testing.T) {
		if r := send(hosts, fnURL, &other); r.status != 403 {
			t.Errorf("before the permission: %d %s", r.status, r.body)
		}
		addPermission(t, c, &lambda.AddPermissionInput{
			FunctionName: aws.String("private"), Qualifier: aws.String("live"), StatementId: aws.String("partner"),
			Action: aws.String("lambda:InvokeFunctionUrl"), Principal: aws.String(other.AccountID), FunctionUrlAuthType: types.FunctionUrlAuthTypeAwsIam,
		})
		eventually(t, "the permission followed", func() bool { return send(hosts, fnURL, &other).status == 200 })
		if ev := eventOf(t, send(hosts, fnURL, &other)); at(ev, "requestContext", "authorizer", "iam", "accountId") != other.AccountID {
			t.Errorf("caller %v", at(ev, "requestContext", "authorizer"))
		}
	})
	t.Run("Botocore", func(t *testing.T) {
		script := `
import sys, requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
url, key, secret = sys.argv[1:4]
req = AWSRequest(method="POST", url=url, data=b'{"from":"python"}', headers={"Content-Type": "application/json"})
SigV4Auth(Credentials(key, secret), "lambda", "us-east-1").add_auth(req)
r = requests.post(url, data=req.body, headers=dict(req.headers))
print(r.status_code, r.text)
`
		out, err := exec.Command("python3", "-c", script, s.pathURL(id)+"/py", s.admin.AccessKeyID, s.admin.SecretAccessKey).Output()
		if err != nil {
			t.Fatalf("python: %v %s", err, out)
		}
		status, text, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
		var ev map[string]any
		if status != "200" || json.Unmarshal([]byte(text), &ev) != nil || ev["body"] != `{"from":"python"}` {
			t.Errorf("botocore-signed request: %s", out)
		}
	})
}

// streamingURL streams in two writes a second apart, behind an HTTP
// prelude unless ?raw is given; ?fail throws after the first write.
const streamingURL = `exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  const q = event.queryStringParameters || {};
  if (q.raw) {
    responseStream.setContentType('text/csv');
  } else {
    responseStream = awslambda.HttpResponseStream.from(responseStream, {statusCode: 201, headers: {'content-type': 'text/plain', 'x-a': 'b'}, cookies: ['c=d', 'e=f']});
  }
  responseStream.write('first;');
  if (q.fail) throw new Error('stream boom');
  await new Promise((r) => setTimeout(r, 1000));
  responseStream.write('second at ' + Date.now() + ';');
  responseStream.end();
});`

// TestFunctionURLStreaming serves a Node.js streaming function through a
// RESPONSE_STREAM URL, read as it comes, and through a BUFFERED one.
func TestFunctionURLStreaming(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createFn(t, s, "live", "nodejs20.x", "index.handler", map[string]string{"index.js": streamingURL}, nil)
	if _, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("live"), Name: aws.String("whole"), FunctionVersion: aws.String("$LATEST")}); err != nil {
		t.Fatal(err)
	}
	streamURL, _ := urlOf(t, c, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("live"), AuthType: types.FunctionUrlAuthTypeNone, InvokeMode: types.InvokeModeResponseStream})
	bufferedURL, _ := urlOf(t, c, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("live"), Qualifier: aws.String("whole"), AuthType: types.FunctionUrlAuthTypeNone})
	allowPublic(t, c, "live")
	addPermission(t, c, &lambda.AddPermissionInput{FunctionName: aws.String("live"), Qualifier: aws.String("whole"), StatementId: aws.String("public-url"),
		Action: aws.String("lambda:InvokeFunctionUrl"), Principal: aws.String("*"), FunctionUrlAuthType: types.FunctionUrlAuthTypeNone})
	hosts := s.hostClient()
	eventually(t, "the URLs open", func() bool {
		return get(t, hosts, newRequest(t, "GET", streamURL, nil)).status == 201 && get(t, hosts, newRequest(t, "GET", bufferedURL, nil)).status == 201
	})

	t.Run("FirstBytesBeforeTheFunctionEnds", func(t *testing.T) {
		for name, query := range map[string]string{"Prelude": "", "Raw": "?raw=1"} {
			t.Run(name, func(t *testing.T) {
				resp, err := hosts.Do(newRequest(t, "GET", streamURL+query, nil))
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				first := make([]byte, len("first;"))
				if _, err := io.ReadFull(resp.Body, first); err != nil || string(first) != "first;" {
					t.Fatalf("first bytes %q: %v", first, err)
				}
				readAt := time.Now().UnixMilli()
				rest, err := io.ReadAll(resp.Body)
				if err != nil {
					t.Fatal(err)
				}
				var wrote int64
				if _, err := fmt.Sscanf(string(rest), "second at %d;", &wrote); err != nil {
					t.Fatalf("rest %q: %v", rest, err)
				}
				if readAt >= wrote {
					t.Errorf("first bytes read at %d, not before the second write at %d", readAt, wrote)
				}
				want := map[string]string{"Content-Type": "text/plain", "X-A": "b"}
				status := 201
				if name == "Raw" {
					want, status = map[string]string{"Content-Type": "text/csv"}, 200
				}
				for k, v := range want {
					if resp.Header.Get(k) != v {
						t.Errorf("%s = %q, want %q", k, resp.Header.Get(k), v)
					}
				}
				if resp.StatusCode != status || name == "Prelude" && len(resp.Header.Values("Set-Cookie")) != 2 {
					t.Errorf("status %d, headers %v", resp.StatusCode, resp.Header)
				}
			})
		}
	})
	t.Run("BrokenMidStream", func(t *testing.T) {
		resp, err := hosts.Do(newRequest(t, "GET", streamURL+"?fail=1", nil))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if resp.StatusCode != 201 || string(body) != "first;" || err == nil {
			t.Errorf("got %d %q %v; want 201, the first write, and a cut connection", resp.StatusCode, body, err)
		}
	})
	t.Run("Buffered", func(t *testing.T) {
		r := get(t, hosts, newRequest(t, "GET", bufferedURL, nil))
		if r.status != 201 || !strings.HasPrefix(string(r.body), "first;second at ") || r.header.Get("X-A") != "b" ||
			r.header.Get("Content-Length") == "" || len(r.header.Values("Set-Cookie")) != 2 {
			t.Errorf("got %d %v %q", r.status, r.header, r.body)
		}
		if r := get(t, hosts, newRequest(t, "GET", bufferedURL+"?fail=1", nil)); r.status != 502 || string(r.body) != "Internal Server Error" {
			t.Errorf("failed: %d %q", r.status, r.body)
		}
	})
	t.Run("Curl", func(t *testing.T) {
		r := curl(t, "-N", s.pathURL(strings.Split(strings.TrimPrefix(streamURL, "http://"), ".")[0])+"/?raw=1")
		if r.status != 200 || !strings.HasPrefix(string(r.body), "first;second at ") || r.header.Get("Transfer-Encoding") != "chunked" {
			t.Errorf("got %d %v %q", r.status, r.header, r.body)
		}
	})
}
