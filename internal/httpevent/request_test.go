package httpevent

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// readRequest parses raw as a server would receive it.
func readRequest(t *testing.T, raw string) *http.Request {
	t.Helper()
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n"))))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var urlInfo = Info{
	RouteKey: "$default", Stage: "$default", APIID: "abc", DomainName: "abc.lambda-url.us-east-1.localhost", DomainPrefix: "abc",
	AccountID: "anonymous", RequestID: "req-1", Time: time.Date(2026, 12, 7, 1, 2, 3, 456e6, time.UTC),
	SourceIP: "127.0.0.1", Proto: "http", Port: "9000", TraceID: "Root=1-00000000-000000000000000000000001",
}

func TestNewRequest(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		body    string
		rawPath string
		want    string // the event's members that matter, as JSON
	}{
		{
			name:    "GetWithQueryAndCookies",
			raw:     "GET /pa%2Fth/x?a=1&b=two%20words&a=3&flag HTTP/1.1\nHost: abc.lambda-url.us-east-1.localhost:9000\nUser-Agent: curl/8\nX-Multi: one\nX-Multi: two\nCookie: c1=v1; c2=v2\nCookie: c3=v3\n\n",
			rawPath: "/pa%2Fth/x",
			want: `{"version":"2.0","routeKey":"$default","rawPath":"/pa%2Fth/x","rawQueryString":"a=1&b=two%20words&a=3&flag",
				"cookies":["c1=v1","c2=v2","c3=v3"],
				"headers":{"host":"abc.lambda-url.us-east-1.localhost:9000","user-agent":"curl/8","x-multi":"one,two",
					"x-forwarded-for":"127.0.0.1","x-forwarded-proto":"http","x-forwarded-port":"9000","x-amzn-trace-id":"Root=1-00000000-000000000000000000000001"},
				"queryStringParameters":{"a":"1,3","b":"two words","flag":""},
				"requestContext":{"accountId":"anonymous","apiId":"abc","domainName":"abc.lambda-url.us-east-1.localhost","domainPrefix":"abc",
					"http":{"method":"GET","path":"/pa%2Fth/x","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"curl/8"},
					"requestId":"req-1","routeKey":"$default","stage":"$default","time":"07/Dec/2026:01:02:03 +0000","timeEpoch":1796605323456},
				"isBase64Encoded":false}`,
		},
		{
			name:    "JSONBodyStaysText",
			raw:     "POST / HTTP/1.1\nHost: h\nContent-Type: application/json; charset=utf-8\nContent-Length: 9\nX-Forwarded-For: 10.0.0.1\n\n",
			body:    `{"a":"é"}`,
			rawPath: "/",
			want: `{"version":"2.0","routeKey":"$default","rawPath":"/","rawQueryString":"",
				"headers":{"host":"h","content-type":"application/json; charset=utf-8","content-length":"9",
					"x-forwarded-for":"10.0.0.1, 127.0.0.1","x-forwarded-proto":"http","x-forwarded-port":"9000","x-amzn-trace-id":"Root=1-00000000-000000000000000000000001"},
				"requestContext":{"accountId":"anonymous","apiId":"abc","domainName":"abc.lambda-url.us-east-1.localhost","domainPrefix":"abc",
					"http":{"method":"POST","path":"/","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":""},
					"requestId":"req-1","routeKey":"$default","stage":"$default","time":"07/Dec/2026:01:02:03 +0000","timeEpoch":1796605323456},
				"body":"{\"a\":\"é\"}","isBase64Encoded":false}`,
		},
		{
			name:    "FormBodyIsBase64",
			raw:     "POST /form HTTP/1.1\nHost: h\nContent-Type: application/x-www-form-urlencoded\nContent-Length: 3\n\n",
			body:    "a=b",
			rawPath: "/form",
			want: `{"version":"2.0","routeKey":"$default","rawPath":"/form","rawQueryString":"",
				"headers":{"host":"h","content-type":"application/x-www-form-urlencoded","content-length":"3",
					"x-forwarded-for":"127.0.0.1","x-forwarded-proto":"http","x-forwarded-port":"9000","x-amzn-trace-id":"Root=1-00000000-000000000000000000000001"},
				"requestContext":{"accountId":"anonymous","apiId":"abc","domainName":"abc.lambda-url.us-east-1.localhost","domainPrefix":"abc",
					"http":{"method":"POST","path":"/form","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":""},
					"requestId":"req-1","routeKey":"$default","stage":"$default","time":"07/Dec/2026:01:02:03 +0000","timeEpoch":1796605323456},
				"body":"YT1i","isBase64Encoded":true}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := urlInfo
			in.RawPath = tt.rawPath
			got, err := json.Marshal(NewRequest(readRequest(t, tt.raw), []byte(tt.body), in))
			if err != nil {
				t.Fatal(err)
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tt.want), &w); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(w, g); diff != "" {
				t.Errorf("event (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBodyEncoding(t *testing.T) {
	tests := []struct {
		contentType, body string
		base64            bool
	}{
		{"text/plain", "hi", false},
		{"text/html; charset=utf-8", "<p>", false},
		{"application/json", "{}", false},
		{"application/vnd.api+json", "{}", false},
		{"application/xml", "<a/>", false},
		{"application/javascript", "x", false},
		{"application/x-yaml", "a: 1", false},
		{"", "hi", true},
		{"application/octet-stream", "hi", true},
		{"application/x-www-form-urlencoded", "a=b", true},
		{"multipart/form-data; boundary=x", "--x", true},
		{"image/png", "\x89PNG", true},
		{"text/plain", "\xff\xfe", true},
		{"not a type", "hi", true},
	}
	for _, tt := range tests {
		if _, got := eventBody([]byte(tt.body), tt.contentType); got != tt.base64 {
			t.Errorf("%q with %q: base64 %v, want %v", tt.body, tt.contentType, got, tt.base64)
		}
	}
}

func TestAuthorizerIAM(t *testing.T) {
	in := urlInfo
	in.RawPath, in.AccountID = "/", "123456789012"
	in.Authorizer = &Authorizer{IAM: &IAM{AccessKey: "AKID", AccountID: "123456789012", CallerID: "123456789012",
		UserARN: "arn:aws:iam::123456789012:root", UserID: "123456789012"}}
	got, _ := json.Marshal(NewRequest(readRequest(t, "GET / HTTP/1.1\nHost: h\n\n"), nil, in).RequestContext.Authorizer)
	want := `{"iam":{"accessKey":"AKID","accountId":"123456789012","callerId":"123456789012","cognitoIdentity":null,"principalOrgId":null,"userArn":"arn:aws:iam::123456789012:root","userId":"123456789012"}}`
	if string(got) != want {
		t.Errorf("authorizer %s, want %s", got, want)
	}
}
