package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/sigv4"
)

// fakeVerifier accepts "X-Test-Identity: <account>/<service>", or
// "<account>/<service>/<role ARN>" for a session of that role, and refuses
// anything else.
type fakeVerifier struct{}

func (fakeVerifier) Verify(r *http.Request, _ []byte, _ time.Time) (sigv4.Identity, error) {
	parts := strings.SplitN(r.Header.Get("X-Test-Identity"), "/", 3)
	if len(parts) < 2 {
		return sigv4.Identity{}, sigv4.ErrMissingToken
	}
	id := sigv4.Identity{Key: sigv4.Key{Account: parts[0]}, Service: parts[1]}
	if len(parts) == 3 {
		id.Key.Role = sigv4.RoleSession{ARN: parts[2], ID: "AROATEST", Session: "s"}
	}
	return id, nil
}

func (v fakeVerifier) VerifyStream(r *http.Request, now time.Time) (sigv4.Identity, *sigv4.Stream, error) {
	id, err := v.Verify(r, nil, now)
	return id, &sigv4.Stream{Body: r.Body}, err
}

// echo answers with the service and operation that served the call.
func echo(service string) func(c *awsproto.Call) error {
	return func(c *awsproto.Call) error {
		return c.Reply(http.StatusOK, struct {
			Service   string `json:"service"`
			Operation string `json:"operation"`
		}{service, c.Operation.Name})
	}
}

var errorCodes = awsproto.Errors{
	aws.ErrNotFound:         {Code: "NotFound", Status: 404},
	aws.ErrAccessDenied:     {Code: "AccessDenied", Status: 403},
	aws.ErrUnauthenticated:  {Code: "Unauthenticated", Status: 403},
	aws.ErrUnknownOperation: {Code: "UnknownOperation", Status: 400},
	aws.ErrInternal:         {Code: "Internal", Status: 500},
}

// toyServices are one service per protocol, as the composition root lists them.
func toyServices() []*awsproto.Service {
	rest := &awsproto.Service{Name: "rest", Errors: errorCodes, Protocols: []awsproto.Protocol{
		awsproto.NewRestJSON([]awsproto.Operation{{Name: "GetThing", Route: "GET /things/{id}", Handle: echo("rest")}})}}
	json := &awsproto.Service{Name: "json", Errors: errorCodes, Protocols: []awsproto.Protocol{
		awsproto.NewJSON("1.1", "Toy_2026.", "Toy", []awsproto.Operation{{Name: "Ping", Handle: echo("json")}})}}
	query := &awsproto.Service{Name: "query", Errors: errorCodes, Authorize: awsproto.Everyone, Protocols: []awsproto.Protocol{
		awsproto.NewQuery("https://toy/", []awsproto.Operation{{Name: "Ping", Handle: echo("query")}})}}
	other := &awsproto.Service{Name: "other", Errors: errorCodes, Protocols: []awsproto.Protocol{
		awsproto.NewQuery("https://other/", []awsproto.Operation{{Name: "Ping", Handle: echo("other")}})}}
	return []*awsproto.Service{rest, json, query, other}
}

func TestDispatch(t *testing.T) {
	h := New(Config{Account: "111111111111"}, fakeVerifier{}, toyServices()...).Handler()
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	tests := []struct {
		name, method, path, identity, body string
		header                             map[string]string
		status                             int
		want                               string
	}{
		{"RestByPath", "GET", "/things/1", "111111111111/rest", "", nil, 200, `"service":"rest"`},
		{"JSONByTarget", "POST", "/", "111111111111/rest", "{}", map[string]string{"X-Amz-Target": "Toy_2026.Ping"}, 200, `"service":"json"`},
		{"QueryByScope", "POST", "/", "111111111111/other", "Action=Ping", form, 200, "<PingResponse xmlns=\"https://other/\">"},
		{"QueryByShape", "POST", "/", "111111111111/unknown", "Action=Ping", form, 200, "<PingResponse xmlns=\"https://toy/\">"},
		{"UnknownRoute", "GET", "/nothing", "111111111111/rest", "", nil, 404, `"__type":"NotFound"`},
		{"UnknownTarget", "POST", "/", "111111111111/json", "{}", map[string]string{"X-Amz-Target": "Toy_2026.Nope"}, 400, `"__type":"UnknownOperation"`},
		{"UnknownAction", "POST", "/", "111111111111/query", "Action=Nope&Version=1", form, 400, "<Code>UnknownOperation</Code>"},
		{"UnsignedBeforeUnknown", "POST", "/", "", "Action=Nope", form, 403, "<Code>MissingAuthenticationTokenException</Code>"},
		{"OtherAccountRefused", "GET", "/things/1", "222222222222/rest", "", nil, 403, "rest:GetThing"},
		{"OtherAccountLetIn", "POST", "/", "222222222222/query", "Action=Ping", form, 200, "<PingResponse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			if tt.identity != "" {
				r.Header.Set("X-Test-Identity", tt.identity)
				// The scope the front door reads to pick a service.
				service := strings.SplitN(tt.identity, "/", 2)[1]
				r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261207/us-east-1/"+service+"/aws4_request, SignedHeaders=host;x-amz-date, Signature="+strings.Repeat("0", 64))
				r.Header.Set("X-Amz-Date", "20261207T000000Z")
			}
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			body, _ := io.ReadAll(w.Result().Body)
			if w.Code != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("%d %s; want %d containing %s", w.Code, body, tt.status, tt.want)
			}
			if w.Header().Get("x-amzn-RequestId") == "" {
				t.Error("no request id")
			}
		})
	}
}

// TestSiteClaims checks that a site whose path matches still leaves the
// requests it does not claim to the services.
func TestSiteClaims(t *testing.T) {
	site := Site{Path: "/things/", Claims: func(r *http.Request) bool { return r.Header.Get("X-Amz-Date") == "" },
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "site") })}
	h := New(Config{Account: "111111111111", Sites: []Site{site}}, fakeVerifier{}, toyServices()...).Handler()
	for name, signed := range map[string]bool{"Claimed": false, "LeftToTheService": true} {
		t.Run(name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/things/1", nil)
			if signed {
				r.Header.Set("X-Test-Identity", "111111111111/rest")
				r.Header.Set("X-Amz-Date", "20261207T000000Z")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			body, _ := io.ReadAll(w.Result().Body)
			if got := string(body) == "site"; got == signed {
				t.Errorf("signed %v: %d %s", signed, w.Code, body)
			}
		})
	}
}
