package e2e

import (
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// flaskApp is a Flask application behind a small WSGI adapter for payload
// format 2.0, as Mangum or apig-wsgi would put it (neither is installed
// here, so the function carries its own).
const flaskApp = `import base64, io, sys, urllib.parse
from flask import Flask, jsonify, make_response, request

app = Flask(__name__)

@app.get("/items/<int:item>")
def item(item):
    return jsonify(item=item, q=request.args.getlist("q"), cookie=request.cookies.get("session"), host=request.host)

@app.post("/echo")
def echo():
    resp = make_response(request.get_data(), 201)
    resp.headers["Content-Type"] = request.content_type or "application/octet-stream"
    resp.set_cookie("seen", "1")
    resp.set_cookie("flavor", "oat")
    return resp

def handler(event, context):
    return wsgi(app, event)

def wsgi(app, event):
    body = (event.get("body") or "").encode()
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body)
    http = event["requestContext"]["http"]
    headers = event.get("headers") or {}
    environ = {
        "REQUEST_METHOD": http["method"], "SCRIPT_NAME": "", "PATH_INFO": urllib.parse.unquote(event["rawPath"]),
        "QUERY_STRING": event.get("rawQueryString", ""), "SERVER_NAME": headers.get("host", "lambda").split(":")[0],
        "SERVER_PORT": headers.get("x-forwarded-port", "443"), "SERVER_PROTOCOL": http["protocol"],
        "REMOTE_ADDR": http["sourceIp"], "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": headers.get("content-type", ""),
        "wsgi.version": (1, 0), "wsgi.url_scheme": headers.get("x-forwarded-proto", "https"), "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False,
    }
    for name, value in headers.items():
        key = "HTTP_" + name.upper().replace("-", "_")
        if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
            environ[key] = value
    if event.get("cookies"):
        environ["HTTP_COOKIE"] = "; ".join(event["cookies"])
    started = {}
    def start_response(status, response_headers, exc_info=None):
        started["status"], started["headers"] = int(status.split()[0]), response_headers
    out = b"".join(app(environ, start_response))
    headers_out, cookies = {}, []
    for name, value in started["headers"]:
        if name.lower() == "set-cookie":
            cookies.append(value)
        else:
            headers_out[name] = headers_out[name] + "," + value if name in headers_out else value
    return {"statusCode": started["status"], "headers": headers_out, "cookies": cookies,
            "body": base64.b64encode(out).decode(), "isBase64Encoded": True}
`

// vendored adds to files the named packages from the host's Python, as a
// deployment package carries its dependencies.
func vendored(t *testing.T, files map[string]string, packages ...string) {
	t.Helper()
	out, err := exec.Command("python3", "-c", "import flask, os; print(os.path.dirname(os.path.dirname(flask.__file__)))").Output()
	if err != nil {
		t.Skipf("Flask is not installed for python3: %v", err)
	}
	site := strings.TrimSpace(string(out))
	for _, pkg := range packages {
		err := filepath.WalkDir(filepath.Join(site, pkg), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.Contains(path, "__pycache__") {
				return err
			}
			data, err := os.ReadFile(path)
			rel, _ := filepath.Rel(site, path)
			files[rel] = string(data)
			return err
		})
		if err != nil {
			t.Fatalf("vendor %s: %v", pkg, err)
		}
	}
}

func TestFunctionURLFlask(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := s.lambda()
	files := map[string]string{"app.py": flaskApp}
	vendored(t, files, "flask", "werkzeug", "jinja2", "markupsafe", "itsdangerous", "click", "blinker")
	createFn(t, s, "flask", "python3.12", "app.handler", files, nil)
	fnURL, id := urlOf(t, c, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("flask"), AuthType: types.FunctionUrlAuthTypeNone})
	allowPublic(t, c, "flask")
	hosts := s.hostClient()
	eventually(t, "the URL open", func() bool { return get(t, hosts, newRequest(t, "GET", fnURL+"items/1", nil)).status == 200 })

	for name, target := range map[string]struct {
		c    *http.Client
		base string
		host string
	}{
		"HostForm": {hosts, strings.TrimSuffix(fnURL, "/"), strings.TrimSuffix(strings.TrimPrefix(fnURL, "http://"), "/")},
		"PathForm": {http.DefaultClient, s.pathURL(id), strings.TrimPrefix(s.endpoint, "http://")},
	} {
		t.Run(name, func(t *testing.T) {
			req := newRequest(t, "GET", target.base+"/items/42?q=a&q=b", nil)
			req.AddCookie(&http.Cookie{Name: "session", Value: "s1"})
			r := get(t, target.c, req)
			got := r.json(t)
			if r.status != 200 || got["item"] != 42.0 || strings.Join(anyStrings(got["q"]), ",") != "a,b" || got["cookie"] != "s1" || got["host"] != target.host {
				t.Errorf("GET /items/42: %d %s", r.status, r.body)
			}
			binary := []byte{0x89, 'P', 'N', 'G', 0, 0xff}
			req = newRequest(t, "POST", target.base+"/echo", binary)
			req.Header.Set("Content-Type", "image/png")
			r = get(t, target.c, req)
			if r.status != 201 || string(r.body) != string(binary) || r.header.Get("Content-Type") != "image/png" || len(r.header.Values("Set-Cookie")) != 2 {
				t.Errorf("POST /echo: %d %v %q", r.status, r.header, r.body)
			}
			if r := get(t, target.c, newRequest(t, "GET", target.base+"/missing", nil)); r.status != 404 {
				t.Errorf("GET /missing: %d %s", r.status, r.body)
			}
		})
	}
}

func anyStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
