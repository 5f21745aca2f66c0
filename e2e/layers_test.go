package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// zerosZip builds a zip holding one file of n zero bytes.
func zerosZip(t *testing.T, name string, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for left := n; left > 0; left -= len(chunk) {
		w.Write(chunk[:min(left, len(chunk))])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func publishLayer(t *testing.T, c *lambda.Client, name string, files map[string]string, mutate func(*lambda.PublishLayerVersionInput)) *lambda.PublishLayerVersionOutput {
	t.Helper()
	in := &lambda.PublishLayerVersionInput{LayerName: aws.String(name), Content: &types.LayerVersionContentInput{ZipFile: zipOf(t, files)}}
	if mutate != nil {
		mutate(in)
	}
	out, err := c.PublishLayerVersion(ctx(t), in)
	if err != nil {
		t.Fatalf("publish layer %s: %v", name, err)
	}
	return out
}

func withLayers(arns ...*string) func(*lambda.CreateFunctionInput) {
	return func(in *lambda.CreateFunctionInput) {
		for _, a := range arns {
			in.Layers = append(in.Layers, aws.ToString(a))
		}
	}
}

const layerTool = "#!/bin/sh\necho \"tool says $1\"\n"

// TestLayerRuntimes runs functions whose dependencies come from layers.
func TestLayerRuntimes(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := s.lambda()
	tools := publishLayer(t, c, "tools", map[string]string{"bin/layertool": layerTool}, nil)

	t.Run("Python", func(t *testing.T) {
		deps := publishLayer(t, c, "pydeps", map[string]string{
			"python/greet.py": "def hello():\n    return 'hello from the layer'\n",
			"python/lib/python3.12/site-packages/sitepkg.py": "NAME = 'site-packages'\n",
		}, nil)
		createFn(t, s, "py-layers", "python3.12", "app.handler", map[string]string{"app.py": `import os, subprocess, sys
import greet, sitepkg
def handler(event, context):
    return {"greet": greet.hello(), "site": sitepkg.NAME, "tool": subprocess.check_output(["layertool", "py"]).decode().strip(),
            "path": [p for p in sys.path if p.startswith("/opt")], "PATH": os.environ["PATH"],
            "LD_LIBRARY_PATH": os.environ["LD_LIBRARY_PATH"], "PYTHONPATH": os.environ["PYTHONPATH"]}
`}, withLayers(deps.LayerVersionArn, tools.LayerVersionArn))
		m := decode(t, invoke(t, s, "py-layers", map[string]any{}))
		if m["greet"] != "hello from the layer" || m["site"] != "site-packages" || m["tool"] != "tool says py" {
			t.Errorf("python with layers: %v", m)
		}
		path := fmt.Sprint(m["path"])
		if !strings.HasPrefix(path, "[/opt/python/lib/python3.12/site-packages") || !strings.HasSuffix(path, " /opt/python]") {
			t.Errorf("sys.path under /opt = %s", path)
		}
		if m["PATH"] != "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin" ||
			m["LD_LIBRARY_PATH"] != "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib" ||
			m["PYTHONPATH"] != "/var/runtime" {
			t.Errorf("search paths: %v", m)
		}
	})

	t.Run("Node", func(t *testing.T) {
		deps := publishLayer(t, c, "nodedeps", map[string]string{
			"nodejs/node_modules/shout/index.js":            "module.exports = (s) => s.toUpperCase() + '!';\n",
			"nodejs/node20/node_modules/versioned/index.js": "module.exports = 'node20 directory';\n",
		}, nil)
		createFn(t, s, "node-layers", "nodejs20.x", "index.handler", map[string]string{"index.js": `
const shout = require('shout');
const versioned = require('versioned');
const { execFileSync } = require('node:child_process');
exports.handler = async () => ({
  shout: shout('layers'), versioned,
  tool: execFileSync('layertool', ['node']).toString().trim(),
  nodePath: process.env.NODE_PATH,
});`}, withLayers(deps.LayerVersionArn, tools.LayerVersionArn))
		m := decode(t, invoke(t, s, "node-layers", map[string]any{}))
		if m["shout"] != "LAYERS!" || m["versioned"] != "node20 directory" || m["tool"] != "tool says node" {
			t.Errorf("node with layers: %v", m)
		}
		if np, _ := m["nodePath"].(string); !strings.HasPrefix(np, "/opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:") {
			t.Errorf("NODE_PATH = %q", np)
		}
		createFn(t, s, "esm-layers", "nodejs22.x", "app.handler", map[string]string{"app.mjs": `import shout from 'shout';
export const handler = async () => ({shout: shout('esm')});`}, withLayers(deps.LayerVersionArn))
		if m := decode(t, invoke(t, s, "esm-layers", map[string]any{})); m["shout"] != "ESM!" {
			t.Errorf("ES module with a layer: %v", m)
		}
	})

	t.Run("ProvidedBootstrapFromLayer", func(t *testing.T) {
		runtime := publishLayer(t, c, "shell-runtime", map[string]string{"bootstrap": `#!/bin/sh
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
while true; do
  headers=$(mktemp)
  curl -sS -D "$headers" -o /dev/null "$api/next"
  id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\r\n')
  task=$(cat "$LAMBDA_TASK_ROOT/$_HANDLER")
  curl -sS -o /dev/null -X POST "$api/$id/response" -d "{\"runtime\":\"$0\",\"task\":\"$task\"}"
done
`}, nil)
		createFn(t, s, "provided-layer", "provided.al2023", "greeting.txt", map[string]string{"greeting.txt": "hello"}, withLayers(runtime.LayerVersionArn))
		m := decode(t, invoke(t, s, "provided-layer", map[string]any{}))
		if m["runtime"] != "/opt/bootstrap" || m["task"] != "hello" {
			t.Errorf("provided with a layer's bootstrap: %v", m)
		}
	})

	t.Run("LaterLayersOverride", func(t *testing.T) {
		first := publishLayer(t, c, "first", map[string]string{"python/shared.py": "WHO = 'first'\n", "python/only_first.py": "X = 1\n"}, nil)
		second := publishLayer(t, c, "second", map[string]string{"python/shared.py": "WHO = 'second'\n"}, nil)
		app := map[string]string{"app.py": `import shared, only_first
def handler(event, context):
    try:
        open("/opt/python/new.py", "w")
        writable = True
    except OSError:
        writable = False
    return {"who": shared.WHO, "first": only_first.X, "writable": writable}
`}
		createFn(t, s, "first-second", "python3.12", "app.handler", app, withLayers(first.LayerVersionArn, second.LayerVersionArn))
		createFn(t, s, "second-first", "python3.12", "app.handler", app, withLayers(second.LayerVersionArn, first.LayerVersionArn))
		if m := decode(t, invoke(t, s, "first-second", map[string]any{})); m["who"] != "second" || m["first"] != 1.0 || m["writable"] != false {
			t.Errorf("first then second: %v", m)
		}
		if m := decode(t, invoke(t, s, "second-first", map[string]any{})); m["who"] != "first" {
			t.Errorf("second then first: %v", m)
		}
	})
}

var createdDateRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$`)

// TestLayerVersions checks the layer operations' shapes and errors.
func TestLayerVersions(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	account := s.admin.AccountID
	layerARN := "arn:aws:lambda:us-east-1:" + account + ":layer:deps"
	files := map[string]string{"python/dep.py": "V = 1\n"}
	code := zipOf(t, files)
	one, err := c.PublishLayerVersion(ctx(t), &lambda.PublishLayerVersionInput{
		LayerName: aws.String("deps"), Content: &types.LayerVersionContentInput{ZipFile: code}, Description: aws.String("first"),
		CompatibleRuntimes: []types.Runtime{types.RuntimePython312, types.RuntimePython313}, CompatibleArchitectures: []types.Architecture{types.ArchitectureX8664},
		LicenseInfo: aws.String("MIT"),
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Publish", func(t *testing.T) {
		sum := sha256.Sum256(code)
		if aws.ToString(one.LayerArn) != layerARN || aws.ToString(one.LayerVersionArn) != layerARN+":1" || one.Version != 1 ||
			aws.ToString(one.Description) != "first" || aws.ToString(one.LicenseInfo) != "MIT" || len(one.CompatibleRuntimes) != 2 ||
			len(one.CompatibleArchitectures) != 1 || !createdDateRE.MatchString(aws.ToString(one.CreatedDate)) {
			t.Errorf("published: %+v", one)
		}
		if aws.ToString(one.Content.CodeSha256) != base64.StdEncoding.EncodeToString(sum[:]) || one.Content.CodeSize != int64(len(code)) {
			t.Errorf("content: %+v", one.Content)
		}
		resp, err := http.Get(aws.ToString(one.Content.Location))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if got, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || !bytes.Equal(got, code) {
			t.Errorf("download: %d, %d bytes", resp.StatusCode, len(got))
		}
	})

	two := publishLayer(t, c, "deps", files, func(in *lambda.PublishLayerVersionInput) {
		in.CompatibleRuntimes = []types.Runtime{types.RuntimeNodejs20x}
		in.CompatibleArchitectures = []types.Architecture{types.ArchitectureArm64}
	})
	publishLayer(t, c, "other", files, func(in *lambda.PublishLayerVersionInput) {
		in.CompatibleRuntimes = []types.Runtime{types.RuntimePython312}
	})

	t.Run("Get", func(t *testing.T) {
		got, err := c.GetLayerVersion(ctx(t), &lambda.GetLayerVersionInput{LayerName: aws.String("deps"), VersionNumber: aws.Int64(2)})
		if err != nil || aws.ToString(got.LayerVersionArn) != layerARN+":2" || aws.ToString(got.Content.Location) == "" {
			t.Fatalf("get: %+v %v", got, err)
		}
		byARN, err := c.GetLayerVersionByArn(ctx(t), &lambda.GetLayerVersionByArnInput{Arn: one.LayerVersionArn})
		if err != nil || byARN.Version != 1 || aws.ToString(byARN.Description) != "first" {
			t.Fatalf("by ARN: %+v %v", byARN, err)
		}
		byName, err := c.GetLayerVersion(ctx(t), &lambda.GetLayerVersionInput{LayerName: aws.String(layerARN), VersionNumber: aws.Int64(1)})
		if err != nil || byName.Version != 1 {
			t.Fatalf("get by layer ARN: %+v %v", byName, err)
		}
		_, err = c.GetLayerVersion(ctx(t), &lambda.GetLayerVersionInput{LayerName: aws.String("deps"), VersionNumber: aws.Int64(9)})
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "The resource you requested does not exist." {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		_, err = c.GetLayerVersionByArn(ctx(t), &lambda.GetLayerVersionByArnInput{Arn: aws.String(layerARN)})
		if ae := apiError(t, err, "ValidationException"); !strings.Contains(ae.ErrorMessage(), "at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:") {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		_, err = c.GetLayerVersion(ctx(t), &lambda.GetLayerVersionInput{LayerName: aws.String("bad.name"), VersionNumber: aws.Int64(1)})
		if ae := apiError(t, err, "ValidationException"); !strings.Contains(ae.ErrorMessage(), "Value 'bad.name' at 'layerName' failed to satisfy constraint") {
			t.Errorf("message %q", ae.ErrorMessage())
		}
	})

	t.Run("PublishErrors", func(t *testing.T) {
		_, err := c.PublishLayerVersion(ctx(t), &lambda.PublishLayerVersionInput{LayerName: aws.String("s3"),
			Content: &types.LayerVersionContentInput{S3Bucket: aws.String("bucket"), S3Key: aws.String("key.zip")}})
		if ae := apiError(t, err, "InvalidParameterValueException"); ae.ErrorMessage() != "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist" {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		_, err = c.PublishLayerVersion(ctx(t), &lambda.PublishLayerVersionInput{LayerName: aws.String("bad"),
			Content: &types.LayerVersionContentInput{ZipFile: []byte("not a zip")}})
		if ae := apiError(t, err, "InvalidParameterValueException"); ae.ErrorMessage() != "Could not unzip uploaded file. Please check your file, then try to upload again." {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		resp := s.signed(t, "POST", "/2018-10-31/layers/l/versions", []byte(`{"Content":{"ZipFile":"`+base64.StdEncoding.EncodeToString(code)+`"},"CompatibleRuntimes":["cobol"]}`))
		if resp.status != 400 || resp.header.Get("x-amzn-ErrorType") != "ValidationException" || !strings.Contains(string(resp.body), "Value '[cobol]' at 'compatibleRuntimes'") {
			t.Errorf("bad runtime: %d %s", resp.status, resp.body)
		}
		resp = s.signed(t, "POST", "/2018-10-31/layers/l/versions", []byte(`{"Content":{"ZipFile":"`+base64.StdEncoding.EncodeToString(code)+`"},"CompatibleArchitectures":["x86_64","arm64","x86_64"]}`))
		if resp.status != 400 || !strings.Contains(string(resp.body), "at 'compatibleArchitectures' failed to satisfy constraint: Member must have length less than or equal to 2") {
			t.Errorf("three architectures: %d %s", resp.status, resp.body)
		}
	})

	t.Run("ListLayers", func(t *testing.T) {
		all, err := c.ListLayers(ctx(t), &lambda.ListLayersInput{})
		if err != nil || len(all.Layers) != 2 || aws.ToString(all.Layers[0].LayerName) != "deps" || all.Layers[0].LatestMatchingVersion.Version != 2 ||
			aws.ToString(all.Layers[0].LayerArn) != layerARN || all.NextMarker != nil {
			t.Fatalf("all: %+v %v", all, err)
		}
		py, _ := c.ListLayers(ctx(t), &lambda.ListLayersInput{CompatibleRuntime: types.RuntimePython312})
		if len(py.Layers) != 2 || py.Layers[0].LatestMatchingVersion.Version != 1 {
			t.Errorf("python3.12: %+v", py.Layers)
		}
		arm, _ := c.ListLayers(ctx(t), &lambda.ListLayersInput{CompatibleArchitecture: types.ArchitectureArm64})
		if len(arm.Layers) != 1 || arm.Layers[0].LatestMatchingVersion.Version != 2 {
			t.Errorf("arm64: %+v", arm.Layers)
		}
		first, _ := c.ListLayers(ctx(t), &lambda.ListLayersInput{MaxItems: aws.Int32(1)})
		rest, _ := c.ListLayers(ctx(t), &lambda.ListLayersInput{MaxItems: aws.Int32(1), Marker: first.NextMarker})
		if len(first.Layers) != 1 || first.NextMarker == nil || len(rest.Layers) != 1 || aws.ToString(rest.Layers[0].LayerName) != "other" || rest.NextMarker != nil {
			t.Errorf("pages: %+v / %+v", first, rest)
		}
		_, err = c.ListLayers(ctx(t), &lambda.ListLayersInput{MaxItems: aws.Int32(51)})
		apiError(t, err, "ValidationException")
	})

	t.Run("ListLayerVersions", func(t *testing.T) {
		all, err := c.ListLayerVersions(ctx(t), &lambda.ListLayerVersionsInput{LayerName: aws.String("deps")})
		if err != nil || len(all.LayerVersions) != 2 || all.LayerVersions[0].Version != 2 || all.LayerVersions[1].Version != 1 ||
			aws.ToString(all.LayerVersions[1].Description) != "first" {
			t.Fatalf("versions: %+v %v", all, err)
		}
		page, _ := c.ListLayerVersions(ctx(t), &lambda.ListLayerVersionsInput{LayerName: aws.String("deps"), MaxItems: aws.Int32(1)})
		next, _ := c.ListLayerVersions(ctx(t), &lambda.ListLayerVersionsInput{LayerName: aws.String("deps"), MaxItems: aws.Int32(1), Marker: page.NextMarker})
		if len(page.LayerVersions) != 1 || page.LayerVersions[0].Version != 2 || len(next.LayerVersions) != 1 || next.LayerVersions[0].Version != 1 || next.NextMarker != nil {
			t.Errorf("pages: %+v / %+v", page, next)
		}
		x86, _ := c.ListLayerVersions(ctx(t), &lambda.ListLayerVersionsInput{LayerName: aws.String("deps"), CompatibleArchitecture: types.ArchitectureX8664})
		if len(x86.LayerVersions) != 1 || x86.LayerVersions[0].Version != 1 {
			t.Errorf("x86_64: %+v", x86.LayerVersions)
		}
		none, err := c.ListLayerVersions(ctx(t), &lambda.ListLayerVersionsInput{LayerName: aws.String("nothing")})
		if err != nil || len(none.LayerVersions) != 0 {
			t.Errorf("unknown layer: %+v %v", none, err)
		}
		_, err = c.ListLayerVersions(ctx(t), &lambda.ListLayerVersionsInput{LayerName: aws.String("deps"), CompatibleRuntime: "cobol"})
		if ae := apiError(t, err, "ValidationException"); !strings.Contains(ae.ErrorMessage(), "Value 'cobol' at 'compatibleRuntime'") {
			t.Errorf("message %q", ae.ErrorMessage())
		}
	})

	t.Run("Policy", func(t *testing.T) {
		name, n := aws.String("deps"), aws.Int64(1)
		_, err := c.GetLayerVersionPolicy(ctx(t), &lambda.GetLayerVersionPolicyInput{LayerName: name, VersionNumber: n})
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "No policy is associated with the given resource." {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		added, err := c.AddLayerVersionPermission(ctx(t), &lambda.AddLayerVersionPermissionInput{LayerName: name, VersionNumber: n,
			StatementId: aws.String("xaccount"), Action: aws.String("lambda:GetLayerVersion"), Principal: aws.String("210987654321")})
		if err != nil {
			t.Fatal(err)
		}
		want := `{"Sid":"xaccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:GetLayerVersion","Resource":"` + layerARN + `:1"}`
		if aws.ToString(added.Statement) != want || aws.ToString(added.RevisionId) == "" {
			t.Errorf("statement %s revision %q", aws.ToString(added.Statement), aws.ToString(added.RevisionId))
		}
		_, err = c.AddLayerVersionPermission(ctx(t), &lambda.AddLayerVersionPermissionInput{LayerName: name, VersionNumber: n,
			StatementId: aws.String("xaccount"), Action: aws.String("lambda:GetLayerVersion"), Principal: aws.String("*")})
		if ae := apiError(t, err, "ResourceConflictException"); ae.ErrorMessage() != "The statement id (xaccount) provided already exists. Please provide a new statement id, or remove the existing statement." {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		_, err = c.AddLayerVersionPermission(ctx(t), &lambda.AddLayerVersionPermissionInput{LayerName: name, VersionNumber: n,
			StatementId: aws.String("all"), Action: aws.String("lambda:GetLayerVersion"), Principal: aws.String("*"), RevisionId: aws.String("stale")})
		apiError(t, err, "PreconditionFailedException")
		_, err = c.AddLayerVersionPermission(ctx(t), &lambda.AddLayerVersionPermissionInput{LayerName: name, VersionNumber: n,
			StatementId: aws.String("all"), Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("*")})
		apiError(t, err, "ValidationException")
		policy, err := c.GetLayerVersionPolicy(ctx(t), &lambda.GetLayerVersionPolicyInput{LayerName: name, VersionNumber: n})
		if err != nil || aws.ToString(policy.Policy) != `{"Version":"2012-10-17","Id":"default","Statement":[`+want+`]}` || aws.ToString(policy.RevisionId) != aws.ToString(added.RevisionId) {
			t.Errorf("policy %s %v", aws.ToString(policy.Policy), err)
		}
		_, err = c.RemoveLayerVersionPermission(ctx(t), &lambda.RemoveLayerVersionPermissionInput{LayerName: name, VersionNumber: n, StatementId: aws.String("nope")})
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "Statement nope is not found in resource policy." {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		if _, err := c.RemoveLayerVersionPermission(ctx(t), &lambda.RemoveLayerVersionPermissionInput{LayerName: name, VersionNumber: n,
			StatementId: aws.String("xaccount"), RevisionId: added.RevisionId}); err != nil {
			t.Fatal(err)
		}
		_, err = c.GetLayerVersionPolicy(ctx(t), &lambda.GetLayerVersionPolicyInput{LayerName: name, VersionNumber: n})
		apiError(t, err, "ResourceNotFoundException")
		_, err = c.AddLayerVersionPermission(ctx(t), &lambda.AddLayerVersionPermissionInput{LayerName: name, VersionNumber: aws.Int64(7),
			StatementId: aws.String("s"), Action: aws.String("lambda:GetLayerVersion"), Principal: aws.String("*")})
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "Layer version "+layerARN+":7 does not exist." {
			t.Errorf("message %q", ae.ErrorMessage())
		}
	})

	t.Run("FunctionReferences", func(t *testing.T) {
		missing := layerARN + ":9"
		create := func(name string, layers ...string) error {
			_, err := c.CreateFunction(ctx(t), &lambda.CreateFunctionInput{FunctionName: aws.String(name), Role: aws.String(role),
				Runtime: types.RuntimePython312, Handler: aws.String("app.handler"), Code: &types.FunctionCode{ZipFile: zipOf(t, helloZip)}, Layers: layers})
			return err
		}
		if ae := apiError(t, create("f", missing), "InvalidParameterValueException"); ae.ErrorMessage() != "Layer version "+missing+" does not exist." {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		six := []string{}
		for range 6 {
			six = append(six, aws.ToString(one.LayerVersionArn))
		}
		if ae := apiError(t, create("f", six...), "InvalidParameterValueException"); ae.ErrorMessage() != "Cannot reference more than 5 layers." {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		if ae := apiError(t, create("f", layerARN), "ValidationException"); !strings.Contains(ae.ErrorMessage(), "at 'layers' failed to satisfy constraint") {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		ae := apiError(t, create("f", aws.ToString(one.LayerVersionArn), aws.ToString(two.LayerVersionArn)), "InvalidParameterValueException")
		if !strings.HasPrefix(ae.ErrorMessage(), "Two different versions of the same layer are not allowed to be referenced in the same function.") {
			t.Errorf("message %q", ae.ErrorMessage())
		}
		if err := create("f", aws.ToString(two.LayerVersionArn)); err != nil {
			t.Fatal(err)
		}
		waitActive(t, c, "f")
		cfg, _ := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f")})
		if len(cfg.Layers) != 1 || aws.ToString(cfg.Layers[0].Arn) != aws.ToString(two.LayerVersionArn) || cfg.Layers[0].CodeSize != int64(len(code)) {
			t.Errorf("layers: %+v", cfg.Layers)
		}
		_, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"), Layers: []string{missing}})
		if ae := apiError(t, err, "InvalidParameterValueException"); ae.ErrorMessage() != "Layer version "+missing+" does not exist." {
			t.Errorf("message %q", ae.ErrorMessage())
		}
	})
}

// TestLayerLifetime checks that functions keep the layers they use: after
// the layer version is deleted, and in published versions.
func TestLayerLifetime(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := s.lambda()
	dep := publishLayer(t, c, "dep", map[string]string{"python/dep.py": "WHO = 'layer'\n"}, nil)
	app := map[string]string{"app.py": "def handler(event, context):\n    import dep\n    return {'who': dep.WHO, 'event': event}\n"}
	createFn(t, s, "user", "python3.12", "app.handler", app, withLayers(dep.LayerVersionArn))
	if m := decode(t, invoke(t, s, "user", map[string]any{})); m["who"] != "layer" {
		t.Fatalf("with the layer: %v", m)
	}
	v1, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("user")})
	if err != nil || len(v1.Layers) != 1 {
		t.Fatalf("publish: %+v %v", v1, err)
	}

	t.Run("DeletedVersionKeepsRunning", func(t *testing.T) {
		for range 2 {
			if _, err := c.DeleteLayerVersion(ctx(t), &lambda.DeleteLayerVersionInput{LayerName: aws.String("dep"), VersionNumber: aws.Int64(1)}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := c.GetLayerVersionByArn(ctx(t), &lambda.GetLayerVersionByArnInput{Arn: dep.LayerVersionArn})
		apiError(t, err, "ResourceNotFoundException")
		// A configuration change retires the warm environment: the next one is built from the kept zip.
		if _, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("user"), Description: aws.String("changed")}); err != nil {
			t.Fatal(err)
		}
		waitUpdated(t, c, "user")
		if m := decode(t, invoke(t, s, "user", map[string]any{})); m["who"] != "layer" {
			t.Errorf("after deleting the layer version: %v", m)
		}
		_, err = c.CreateFunction(ctx(t), &lambda.CreateFunctionInput{FunctionName: aws.String("late"), Role: aws.String(role),
			Runtime: types.RuntimePython312, Handler: aws.String("app.handler"), Code: &types.FunctionCode{ZipFile: zipOf(t, app)}, Layers: []string{aws.ToString(dep.LayerVersionArn)}})
		apiError(t, err, "InvalidParameterValueException")
		if again := publishLayer(t, c, "dep", map[string]string{"python/dep.py": "WHO = 'two'\n"}, nil); again.Version != 2 {
			t.Errorf("version numbers are reused: %d", again.Version)
		}
	})

	t.Run("PublishedVersionKeepsLayers", func(t *testing.T) {
		if _, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("user"), Layers: []string{}}); err != nil {
			t.Fatal(err)
		}
		waitUpdated(t, c, "user")
		cfg, _ := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("user")})
		if len(cfg.Layers) != 0 {
			t.Errorf("$LATEST layers: %+v", cfg.Layers)
		}
		wantFunctionError(t, invoke(t, s, "user", map[string]any{}), "ModuleNotFoundError", "dep")
		if _, m := invokeQualified(t, s, "user", aws.ToString(v1.Version)); m["who"] != "layer" {
			t.Errorf("version %s: %v", aws.ToString(v1.Version), m)
		}
	})

	t.Run("SizeLimit", func(t *testing.T) {
		// 262 MB to unpack and measure: minutes under the race detector on a loaded machine.
		slow, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		big, err := c.PublishLayerVersion(slow, &lambda.PublishLayerVersionInput{LayerName: aws.String("big"),
			Content: &types.LayerVersionContentInput{ZipFile: zerosZip(t, "blob", 262_000_000)}})
		if err != nil {
			t.Fatal(err)
		}
		pad := strings.Repeat("\x00", 200_000)
		code := map[string]string{"app.py": "def handler(e, c):\n    return 1\n", "pad": pad}
		want := fmt.Sprintf("Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. The actual size is %d bytes.",
			262_000_000+len(pad)+len(code["app.py"]))
		_, err = c.CreateFunction(ctx(t), &lambda.CreateFunctionInput{FunctionName: aws.String("huge"), Role: aws.String(role),
			Runtime: types.RuntimePython312, Handler: aws.String("app.handler"), Code: &types.FunctionCode{ZipFile: zipOf(t, code)}, Layers: []string{aws.ToString(big.LayerVersionArn)}})
		if ae := apiError(t, err, "InvalidParameterValueException"); ae.ErrorMessage() != want {
			t.Errorf("create: %q", ae.ErrorMessage())
		}
		createFn(t, s, "padded", "python3.12", "app.handler", code, nil)
		_, err = c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("padded"), Layers: []string{aws.ToString(big.LayerVersionArn)}})
		if ae := apiError(t, err, "InvalidParameterValueException"); ae.ErrorMessage() != want {
			t.Errorf("update: %q", ae.ErrorMessage())
		}
	})
}

// TestLayerAWSCLI publishes and lists layers with the aws CLI v1.
func TestLayerAWSCLI(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("aws CLI v1 not installed")
	}
	s := startServer(t)
	zipPath := filepath.Join(t.TempDir(), "layer.zip")
	if err := os.WriteFile(zipPath, zipOf(t, map[string]string{"python/clidep.py": "OK = True\n"}), 0o644); err != nil {
		t.Fatal(err)
	}
	published := s.cliOK(t, bin, "lambda", "publish-layer-version", "--layer-name", "cli-layer", "--zip-file", "fileb://"+zipPath,
		"--compatible-runtimes", "python3.12", "--description", "from the CLI")
	if published["Version"] != 1.0 || !strings.HasSuffix(fmt.Sprint(published["LayerVersionArn"]), ":layer:cli-layer:1") {
		t.Errorf("publish-layer-version: %v", published)
	}
	s.cliOK(t, bin, "lambda", "publish-layer-version", "--layer-name", "cli-layer", "--zip-file", "fileb://"+zipPath)
	listed := s.cliOK(t, bin, "lambda", "list-layers", "--compatible-runtime", "python3.12")
	layers, _ := listed["Layers"].([]any)
	if len(layers) != 1 || fmt.Sprint(layers[0].(map[string]any)["LatestMatchingVersion"].(map[string]any)["Version"]) != "1" {
		t.Errorf("list-layers: %v", listed)
	}
	versions := s.cliOK(t, bin, "lambda", "list-layer-versions", "--layer-name", "cli-layer")
	if vs, _ := versions["LayerVersions"].([]any); len(vs) != 2 || vs[0].(map[string]any)["Version"] != 2.0 {
		t.Errorf("list-layer-versions: %v", versions)
	}
	got := s.cliOK(t, bin, "lambda", "get-layer-version-by-arn", "--arn", fmt.Sprint(published["LayerVersionArn"]))
	if got["Description"] != "from the CLI" {
		t.Errorf("get-layer-version-by-arn: %v", got)
	}
	s.cliOK(t, bin, "lambda", "delete-layer-version", "--layer-name", "cli-layer", "--version-number", "1")
	if _, err := s.cli(t, bin, "lambda", "get-layer-version", "--layer-name", "cli-layer", "--version-number", "1"); err == nil {
		t.Error("get-layer-version found a deleted version")
	}
}
