package e2e

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// TestErrors checks AWS's status, type, message member and text for bad input.
func TestErrors(t *testing.T) {
	s := startServer(t)
	goodZip := base64.StdEncoding.EncodeToString(zipOf(t, helloZip))
	create := func(over map[string]any) []byte {
		in := map[string]any{"FunctionName": "f", "Role": role, "Runtime": "python3.12", "Handler": "app.handler", "Code": map[string]any{"ZipFile": goodZip}}
		for k, v := range over {
			if v == nil {
				delete(in, k)
			} else {
				in[k] = v
			}
		}
		data, _ := json.Marshal(in)
		return data
	}
	resp := s.signed(t, "POST", "/2015-03-31/functions", create(map[string]any{"FunctionName": "exists"}))
	if resp.status != 201 {
		t.Fatalf("create: %d %s", resp.status, resp.body)
	}
	big := strings.Repeat("x", 4100)
	tests := []struct {
		name, method, path string
		body               []byte
		status             int
		code, member, text string
	}{
		{"Duplicate", "POST", "/2015-03-31/functions", create(map[string]any{"FunctionName": "exists"}), 409, "ResourceConflictException", "message", "Function already exist: exists"},
		{"BadName", "POST", "/2015-03-31/functions", create(map[string]any{"FunctionName": "bad name"}), 400, "ValidationException", "message", "1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern"},
		{"NameTooLong", "POST", "/2015-03-31/functions", create(map[string]any{"FunctionName": strings.Repeat("n", 65)}), 400, "InvalidParameterValueException", "message", "Member must have length less than or equal to 64"},
		{"MemoryLow", "POST", "/2015-03-31/functions", create(map[string]any{"MemorySize": 64}), 400, "ValidationException", "message", "Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"},
		{"MemoryHigh", "POST", "/2015-03-31/functions", create(map[string]any{"MemorySize": 10241}), 400, "ValidationException", "message", "Member must have value less than or equal to 10240"},
		{"TimeoutHigh", "POST", "/2015-03-31/functions", create(map[string]any{"Timeout": 901}), 400, "ValidationException", "message", "Value '901' at 'timeout'"},
		{"TmpLow", "POST", "/2015-03-31/functions", create(map[string]any{"EphemeralStorage": map[string]any{"Size": 100}}), 400, "ValidationException", "message", "ephemeralStorage.size"},
		{"Role", "POST", "/2015-03-31/functions", create(map[string]any{"Role": "not-a-role"}), 400, "ValidationException", "message", "Value 'not-a-role' at 'role'"},
		{"Runtime", "POST", "/2015-03-31/functions", create(map[string]any{"Runtime": "cobol"}), 400, "InvalidParameterValueException", "message", "Value cobol at 'runtime' failed to satisfy constraint: Member must satisfy enum value set"},
		{"RetiredRuntime", "POST", "/2015-03-31/functions", create(map[string]any{"Runtime": "python3.7"}), 400, "InvalidParameterValueException", "message", "The runtime parameter of python3.7 is no longer supported"},
		{"ReservedEnv", "POST", "/2015-03-31/functions", create(map[string]any{"Environment": map[string]any{"Variables": map[string]string{"AWS_REGION": "x"}}}), 400, "InvalidParameterValueException", "message", "Reserved keys used in this request: AWS_REGION"},
		{"EnvTooBig", "POST", "/2015-03-31/functions", create(map[string]any{"Environment": map[string]any{"Variables": map[string]string{"BIG": big}}}), 400, "InvalidParameterValueException", "message", "exceeded the 4KB limit. String measured: {\"BIG\":\"xxx"},
		{"BadZip", "POST", "/2015-03-31/functions", create(map[string]any{"Code": map[string]any{"ZipFile": base64.StdEncoding.EncodeToString([]byte("not a zip"))}}), 400, "InvalidParameterValueException", "message", "Could not unzip uploaded file. Please check your file, then try to upload again."},
		{"ZipSlip", "POST", "/2015-03-31/functions", create(map[string]any{"Code": map[string]any{"ZipFile": base64.StdEncoding.EncodeToString(zipOf(t, map[string]string{"../evil": "x"}))}}), 400, "InvalidParameterValueException", "message", "Could not unzip uploaded file."},
		{"NotJSON", "POST", "/2015-03-31/functions", []byte("{"), 400, "InvalidRequestContentException", "message", "Could not parse request body into json"},
		{"NotFound", "GET", "/2015-03-31/functions/missing", nil, 404, "ResourceNotFoundException", "Message", "Function not found: arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:missing"},
		{"NotFoundQualified", "GET", "/2015-03-31/functions/missing/configuration?Qualifier=%24LATEST", nil, 404, "ResourceNotFoundException", "Message", ":function:missing:$LATEST"},
		{"OtherRegion", "GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Aexists", nil, 404, "ResourceNotFoundException", "Message", "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"},
		{"QualifierMismatch", "GET", "/2015-03-31/functions/exists%3A1/configuration?Qualifier=2", nil, 400, "InvalidParameterValueException", "message", "The derived qualifier from the function name does not match the specified qualifier."},
		{"DeleteLatest", "DELETE", "/2015-03-31/functions/exists?Qualifier=%24LATEST", nil, 400, "InvalidParameterValueException", "message", "$LATEST version cannot be deleted without deleting the function."},
		{"BadMaxItems", "GET", "/2015-03-31/functions?MaxItems=0", nil, 400, "ValidationException", "message", "maxItems"},
		{"BadFunctionVersion", "GET", "/2015-03-31/functions?FunctionVersion=SOME", nil, 400, "ValidationException", "message", "functionVersion"},
		{"UnknownRoute", "GET", "/2099-01-01/nothing", nil, 404, "ResourceNotFoundException", "Message", "No operation matches"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := s.signed(t, tt.method, tt.path, tt.body)
			if resp.status != tt.status || resp.header.Get("x-amzn-ErrorType") != tt.code {
				t.Fatalf("status %d type %q body %s", resp.status, resp.header.Get("x-amzn-ErrorType"), resp.body)
			}
			body := resp.json(t)
			msg, _ := body[tt.member].(string)
			if !strings.Contains(msg, tt.text) {
				t.Errorf("%s = %q, want it to contain %q", tt.member, msg, tt.text)
			}
			if body["Type"] != "User" {
				t.Errorf("Type = %v", body["Type"])
			}
		})
	}
	t.Run("TooLarge", func(t *testing.T) {
		resp := s.signed(t, "POST", "/2015-03-31/functions", make([]byte, 70167212))
		if resp.status != 413 || resp.header.Get("x-amzn-ErrorType") != "RequestEntityTooLargeException" {
			t.Fatalf("status %d type %q", resp.status, resp.header.Get("x-amzn-ErrorType"))
		}
	})
}
