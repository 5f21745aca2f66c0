package apigw

import "testing"

func TestMatchRoutePrecedence(t *testing.T) {
	routes := map[string]*Route{}
	for i, key := range []string{"GET /pets/dog/1", "GET /pets/dog/{id}", "ANY /pets/dog/{id}", "GET /pets/{proxy+}",
		"ANY /{proxy+}", "GET /", "$default"} {
		routes[string(rune('a'+i))] = &Route{RouteID: string(rune('a' + i)), RouteKey: key}
	}
	cases := []struct{ method, path, want, params string }{
		{"GET", "/pets/dog/1", "GET /pets/dog/1", ""},
		{"GET", "/pets/dog/2", "GET /pets/dog/{id}", "id=2"},
		{"POST", "/pets/dog/2", "ANY /pets/dog/{id}", "id=2"},
		{"GET", "/pets/cat/2", "GET /pets/{proxy+}", "proxy=cat/2"},
		{"POST", "/pets/cat/2", "ANY /{proxy+}", "proxy=pets/cat/2"},
		{"GET", "/", "GET /", ""},
		{"POST", "/", "$default", ""},
		{"GET", "/pets/dog%2Fx/1", "GET /pets/{proxy+}", "proxy=dog/x/1"},
	}
	for _, c := range cases {
		t.Run(c.method+c.path, func(t *testing.T) {
			m, ok := matchRoute(routes, c.method, c.path)
			if !ok || m.route.RouteKey != c.want {
				t.Fatalf("matched %v (%v), want %s", m.route, ok, c.want)
			}
			got := ""
			for k, v := range m.params {
				got = k + "=" + v
			}
			if got != c.params {
				t.Errorf("params %s, want %s", got, c.params)
			}
		})
	}
}

func TestParseRouteKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"$default": true, "GET /": true, "ANY /{proxy+}": true, "POST /items/{id}/x": true,
		"GET items": false, "FETCH /x": false, "GET /{proxy+}/x": false, "GET /a//b": false, "GET /{}": false, "GET /a{b}": false,
	} {
		if _, err := parseRouteKey(key); (err == nil) != ok {
			t.Errorf("parseRouteKey(%q) = %v, want ok %v", key, err, ok)
		}
	}
}

func TestPolicyDocumentAllows(t *testing.T) {
	const arn = "arn:aws:execute-api:us-east-1:123456789012:abc/$default/GET/items/1"
	d, err := parseDecision([]byte(`{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[
		{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc/*"},
		{"Action":["execute-api:*"],"Effect":"Deny","Resource":["arn:aws:execute-api:us-east-1:123456789012:abc/*/POST/*"]}]}}`), false)
	if err != nil {
		t.Fatal(err)
	}
	if !d.allows(arn) || d.allows("arn:aws:execute-api:us-east-1:123456789012:abc/$default/POST/items") {
		t.Error("the policy did not allow GET and deny POST")
	}
	if _, err := parseDecision([]byte(`{"isAuthorized":"yes"}`), true); err == nil {
		t.Error("a string isAuthorized was accepted")
	}
}
