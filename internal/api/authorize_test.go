package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/iam"
	"github.com/virga-dev/virga/internal/logctx"
	"github.com/virga-dev/virga/internal/policy"
)

// fakeRoles gives each role the documents listed for it.
type fakeRoles map[string][]string

func (f fakeRoles) RoleIdentity(_ context.Context, roleARN string) (iam.Identity, error) {
	var id iam.Identity
	for _, doc := range f[roleARN] {
		d, err := policy.Parse([]byte(doc))
		if err != nil {
			return id, err
		}
		id.Policies = append(id.Policies, d)
	}
	return id, nil
}

const (
	admin       = "111111111111"
	reader      = "arn:aws:iam::111111111111:role/reader"
	nobody      = "arn:aws:iam::111111111111:role/nobody"
	foreignRole = "arn:aws:iam::222222222222:role/foreignRole"
	thingARN    = "arn:aws:toy:us-east-1:111111111111:thing/"
)

// guarded is a service whose things have resource-based policies: thing 2
// lets the foreignRole role in.
func guarded() *awsproto.Service {
	thing := func(c *awsproto.Call) (string, error) { return thingARN + c.R.PathValue("id"), nil }
	return &awsproto.Service{Name: "toy", Errors: errorCodes, Authorize: awsproto.Everyone,
		Protocols: []awsproto.Protocol{awsproto.NewRestJSON([]awsproto.Operation{
			{Name: "GetThing", Route: "GET /things/{id}", Handle: echo("toy"), Resource: thing},
			{Name: "ListThings", Route: "GET /things", Handle: echo("toy")},
			{Name: "WhoAmI", Route: "GET /whoami", Handle: echo("toy"), Unrestricted: true},
			{Name: "PeekThing", Route: "GET /peek/{id}", Handle: echo("toy"), Resource: thing, Action: "toy:GetThing"},
		})},
		ResourcePolicy: func(_ *awsproto.Call, resource string) (string, error) {
			if resource != thingARN+"2" {
				return "", nil
			}
			return `{"Statement":{"Effect":"Allow","Principal":{"AWS":"` + foreignRole + `"},"Action":"toy:GetThing","Resource":"` + resource + `"}}`, nil
		},
	}
}

func TestRoleSessions(t *testing.T) {
	var logs bytes.Buffer
	roles := fakeRoles{
		reader:      {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"toy:Get*","Resource":"` + thingARN + `*"},{"Effect":"Deny","Action":"*","Resource":"` + thingARN + `3"}]}`},
		foreignRole: {`{"Statement":{"Effect":"Allow","Action":"toy:*","Resource":"*"}}`},
	}
	closed := &awsproto.Service{Name: "closed", Errors: errorCodes, Protocols: []awsproto.Protocol{awsproto.NewRestJSON([]awsproto.Operation{
		{Name: "Peek", Route: "GET /closed", Handle: echo("closed")}})}}
	h := New(Config{Account: admin, Roles: roles, Logger: slog.New(logctx.NewHandler(slog.NewTextHandler(&logs, nil)))},
		fakeVerifier{}, guarded(), closed).Handler()
	tests := []struct {
		name, path, identity string
		status               int
		want                 string
	}{
		{"Admin", "/things/3", admin + "/toy", 200, "GetThing"},
		{"Allowed", "/things/1", admin + "/toy/" + reader, 200, "GetThing"},
		{"ActionOverride", "/peek/1", admin + "/toy/" + reader, 200, "PeekThing"},
		{"ExplicitDeny", "/things/3", admin + "/toy/" + reader, 403,
			"User: arn:aws:sts::111111111111:assumed-role/reader/s is not authorized to perform: toy:GetThing on resource: " + thingARN + "3 with an explicit deny in an identity-based policy"},
		{"NoResourceNamed", "/things", admin + "/toy/" + reader, 403,
			"is not authorized to perform: toy:ListThings on resource: * because no identity-based policy allows the toy:ListThings action"},
		{"NoPolicies", "/things/1", admin + "/toy/" + nobody, 403, "because no identity-based policy allows the toy:GetThing action"},
		{"Unrestricted", "/whoami", admin + "/toy/" + nobody, 200, "WhoAmI"},
		{"CrossAccountWithResourcePolicy", "/things/2", "222222222222/toy/" + foreignRole, 200, "GetThing"},
		{"CrossAccountWithout", "/things/1", "222222222222/toy/" + foreignRole, 403, "because no resource-based policy allows the toy:GetThing action"},
		{"CrossAccountServiceRules", "/closed", "222222222222/closed/" + foreignRole, 403, "closed:Peek"},
		{"OwnAccountRole", "/closed", admin + "/closed/" + reader, 403, "because no identity-based policy allows the closed:Peek action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.path, nil)
			r.Header.Set("X-Test-Identity", tt.identity)
			service := strings.SplitN(tt.identity, "/", 3)[1]
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=ASIA/20261207/us-east-1/"+service+"/aws4_request, SignedHeaders=host, Signature=0")
			r.Header.Set("X-Amz-Date", "20261207T000000Z")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			body, _ := io.ReadAll(w.Result().Body)
			if w.Code != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("%d %s; want %d containing %s", w.Code, body, tt.status, tt.want)
			}
		})
	}
	if !strings.Contains(logs.String(), "request_id=") || !strings.Contains(logs.String(), "principal=arn:aws:sts::111111111111:assumed-role/nobody/s action=toy:GetThing resource="+thingARN+"1") {
		t.Errorf("denials logged as:\n%s", logs.String())
	}
}
