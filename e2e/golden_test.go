package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// volatile values are replaced before comparing shapes.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`"RevisionId":"[^"]+"`), `"RevisionId":"<revision>"`},
	{regexp.MustCompile(`"LastModified":"[^"]+"`), `"LastModified":"<timestamp>"`},
	{regexp.MustCompile(`"CreatedDate":"[^"]+"`), `"CreatedDate":"<timestamp>"`},
	{regexp.MustCompile(`"Location":"[^"]+"`), `"Location":"<presigned-url>"`},
	{regexp.MustCompile(`\d{12}`), `<account>`},
}

// TestGoldenShapes pins the JSON each operation returns, member for member.
func TestGoldenShapes(t *testing.T) {
	s := startServer(t)
	zip := base64.StdEncoding.EncodeToString(zipOf(t, helloZip))
	create := []byte(`{"FunctionName":"shape","Role":"` + role + `","Runtime":"python3.12","Handler":"app.handler","Code":{"ZipFile":"` + zip + `"},"Tags":{"a":"b"}}`)
	steps := []struct {
		name, method, path string
		body               []byte
	}{
		{"create-function", "POST", "/2015-03-31/functions", create},
		{"get-function", "GET", "/2015-03-31/functions/shape", nil},
		{"get-function-configuration", "GET", "/2015-03-31/functions/shape/configuration", nil},
		{"list-functions", "GET", "/2015-03-31/functions", nil},
		{"list-tags", "GET", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A" + s.admin.AccountID + "%3Afunction%3Ashape", nil},
		{"get-account-settings", "GET", "/2016-08-19/account-settings", nil},
		{"error-not-found", "GET", "/2015-03-31/functions/nope", nil},
		{"publish-layer-version", "POST", "/2018-10-31/layers/shape/versions", []byte(`{"Content":{"ZipFile":"` + zip + `"},"CompatibleRuntimes":["python3.12"],"Description":"d","LicenseInfo":"MIT"}`)},
		{"get-layer-version", "GET", "/2018-10-31/layers/shape/versions/1", nil},
		{"get-layer-version-by-arn", "GET", "/2018-10-31/layers?find=LayerVersion&Arn=arn%3Aaws%3Alambda%3Aus-east-1%3A" + s.admin.AccountID + "%3Alayer%3Ashape%3A1", nil},
		{"list-layers", "GET", "/2018-10-31/layers", nil},
		{"list-layer-versions", "GET", "/2018-10-31/layers/shape/versions", nil},
		{"add-layer-version-permission", "POST", "/2018-10-31/layers/shape/versions/1/policy", []byte(`{"StatementId":"s","Action":"lambda:GetLayerVersion","Principal":"*"}`)},
		{"get-layer-version-policy", "GET", "/2018-10-31/layers/shape/versions/1/policy", nil},
		{"error-layer-not-found", "GET", "/2018-10-31/layers/shape/versions/2", nil},
	}
	for _, st := range steps {
		resp := s.signed(t, st.method, st.path, st.body)
		if st.name == "create-function" {
			waitActive(t, s.lambda(), "shape")
		}
		got := normalize(t, resp)
		path := filepath.Join("testdata", "golden", st.name+".json")
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run with -update)", st.name, err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", st.name, diff)
		}
	}
}

// normalize renders status, error type and body with volatile values masked.
func normalize(t *testing.T, r rawResponse) []byte {
	body := string(r.body)
	for _, v := range volatile {
		body = v.re.ReplaceAllString(body, v.with)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(body), "", "  "); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	head, _ := json.Marshal(map[string]any{"status": r.status, "errorType": r.header.Get("x-amzn-ErrorType")})
	return append(append(head, '\n'), append(pretty.Bytes(), '\n')...)
}
