package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ricVersion is the AWS runtime interface client for Node.js that must run
// unchanged: it speaks the Runtime API through its own native HTTP client.
const ricVersion = "3.3.0"

// TestInvokeAWSRuntimeInterfaceClient runs a function whose zip bundles npm
// aws-lambda-ric, started by the function's own bootstrap.
func TestInvokeAWSRuntimeInterfaceClient(t *testing.T) {
	pkg := installRIC(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed:", err)
	}
	node, _ = filepath.EvalSymlinks(node)
	files := map[string]string{
		"bootstrap": "#!/bin/sh\ncd \"$LAMBDA_TASK_ROOT\"\nexec " + node + " node_modules/aws-lambda-ric/bin/index.mjs \"$_HANDLER\"\n",
		"index.js": `let count = 0;
exports.handler = async (event, context) => {
  count++;
  if (event.fail) throw new TypeError("ric boom");
  console.log("ric says hi");
  return {count, event, id: context.awsRequestId, arn: context.invokedFunctionArn, remaining: context.getRemainingTimeInMillis()};
};`,
	}
	s := startServer(t)
	createZip(t, s, "ric", "provided.al2023", "index.handler", zipTree(t, pkg, "node_modules/aws-lambda-ric", files), nil)

	out := invoke(t, s, "ric", map[string]any{"k": "v"})
	m := decode(t, out)
	if m["count"] != 1.0 || m["id"] == "" || !strings.HasSuffix(m["arn"].(string), ":function:ric") || m["remaining"].(float64) <= 0 {
		t.Errorf("payload %v", m)
	}
	if tail := logTail(t, out); !strings.Contains(tail, "\tINFO\tric says hi") || !strings.Contains(tail, "REPORT RequestId: ") {
		t.Errorf("log tail:\n%s", tail)
	}
	if m := decode(t, invoke(t, s, "ric", map[string]any{})); m["count"] != 2.0 {
		t.Errorf("warm: %v", m)
	}
	wantFunctionError(t, invoke(t, s, "ric", map[string]any{"fail": true}), "TypeError", "ric boom")
}

// installRIC installs aws-lambda-ric (built natively by its install scripts)
// once per machine and returns the directory holding its node_modules.
func installRIC(t *testing.T) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "virga-e2e", "aws-lambda-ric-"+ricVersion)
	if _, err := os.Stat(filepath.Join(dir, "node_modules/aws-lambda-ric/dist/rapid-client.node")); err == nil {
		return dir
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "install-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	c, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	npm := exec.CommandContext(c, "npm", "install", "--no-audit", "--no-fund", "--prefix", tmp, "aws-lambda-ric@"+ricVersion)
	if out, err := npm.CombinedOutput(); err != nil {
		t.Fatalf("npm install aws-lambda-ric@%s (needs cmake, autoconf, automake, libtool, make, g++): %v\n%s", ricVersion, err, out)
	}
	os.RemoveAll(dir)
	if err := os.Rename(tmp, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// zipTree zips files plus the tree at root/sub, keeping file modes and
// leaving out the client's C++ sources (deps), which only its build needs.
func zipTree(t *testing.T, root, sub string, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		mode := fs.FileMode(0o644)
		if name == "bootstrap" {
			mode = 0o755
		}
		addZipFile(t, zw, name, mode, []byte(body))
	}
	err := filepath.WalkDir(filepath.Join(root, sub), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "deps" || d.Name() == "build") {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		addZipFile(t, zw, filepath.ToSlash(rel), info.Mode().Perm(), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func addZipFile(t *testing.T, zw *zip.Writer, name string, mode fs.FileMode, data []byte) {
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	h.SetMode(mode)
	w, err := zw.CreateHeader(h)
	if err == nil {
		_, err = w.Write(data)
	}
	if err != nil {
		t.Fatal(err)
	}
}
