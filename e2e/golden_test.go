package e2e

import (
	"flag"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// exchange is one request of a golden scenario. Its response, rendered by
// render, is pinned in testdata/golden/<service>/<name>.json (.xml for the
// query protocol of IAM and STS).
type exchange struct {
	name    string
	service string // the signing name, which is also the folder
	folder  string // the folder, when it is not the service's name
	method  string
	path    string
	header  map[string]string
	body    []byte
	// pathOf, when set, gives the path at the time of the request, for
	// paths that hold what an earlier exchange made (a mapping's UUID).
	pathOf func() string
	lazy   func() []byte      // when set, makes the body sent, from what earlier exchanges left
	as     *account           // nil: the administrator; a zero account: unsigned
	before func(t *testing.T) // makes what the request needs and no earlier exchange made
	after  func(t *testing.T) // waits for the state later exchanges expect
}

// withHeader returns e with one more request header.
func (e exchange) withHeader(key, value string) exchange {
	h := map[string]string{key: value}
	for k, v := range e.header {
		h[k] = v
	}
	e.header = h
	return e
}

// at returns e sent to the path that path gives when its time comes.
func (e exchange) at(path func() string) exchange { e.pathOf = path; return e }

// target is the path the request goes to.
func (e exchange) target() string {
	if e.pathOf != nil {
		return e.pathOf()
	}
	return e.path
}

// by returns e signed with a's keys instead of the administrator's.
func (e exchange) by(a account) exchange { e.as = &a; return e }

// first returns e preceded by fn.
func (e exchange) first(fn func(t *testing.T)) exchange { e.before = fn; return e }

// then returns e followed by fn.
func (e exchange) then(fn func(t *testing.T)) exchange { e.after = fn; return e }

func (e exchange) file() string {
	ext := ".json"
	if e.service == "iam" || e.service == "sts" || e.service == "sns" || queryAction(e.body) != "" {
		ext = ".xml"
	}
	folder := e.service
	if e.folder != "" {
		folder = e.folder
	}
	return filepath.Join("testdata", "golden", folder, e.name+ext)
}

func (e exchange) send(t *testing.T, s *server) rawResponse {
	t.Helper()
	a := account{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: s.admin.SecretAccessKey}
	header := e.header
	if e.as != nil {
		a = *e.as
	}
	if a.SessionToken != "" {
		header = maps.Clone(e.header)
		if header == nil {
			header = map[string]string{}
		}
		header["X-Amz-Security-Token"] = a.SessionToken
	}
	body := e.body
	if e.lazy != nil {
		body = e.lazy()
	}
	return s.sendFor(t, e.service, e.method, e.target(), body, a.AccessKeyID, a.SecretAccessKey, header)
}

// bySession returns e signed with temporary credentials that session makes
// just before e is sent.
func (e exchange) bySession(session func(t *testing.T) account) exchange {
	a := new(account)
	e.as = a
	e.before = func(t *testing.T) { *a = session(t) }
	return e
}

// runGolden sends the exchanges in order and compares each rendered
// response with its golden file, or rewrites the file under -update.
func runGolden(t *testing.T, s *server, exchanges []exchange) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range exchanges {
		if seen[e.file()] {
			t.Fatalf("two exchanges write %s", e.file())
		}
		seen[e.file()] = true
		if e.before != nil {
			e.before(t)
		}
		got := render(t, e, e.send(t, s))
		if e.after != nil {
			e.after(t)
		}
		t.Run(e.name, func(t *testing.T) { compareGolden(t, e.file(), got) })
	}
	checkOrphans(t, seen)
}

// checkOrphans finds golden files, in the folders the exchanges write, that
// no exchange wrote: under -update they are removed.
func checkOrphans(t *testing.T, seen map[string]bool) {
	t.Helper()
	dirs := map[string]bool{}
	for path := range seen {
		dirs[filepath.Dir(path)] = true
	}
	for dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			switch {
			case seen[f]:
			case *update:
				os.Remove(f)
			default:
				t.Errorf("%s pins no exchange (run with -update to remove it)", f)
			}
		}
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// render writes the request line and headers ("> "), the status and the
// response headers clients read ("< "), then the body, pretty-printed, with
// every volatile value masked.
func render(t *testing.T, e exchange, r rawResponse) []byte {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", e.method, e.target())
	for _, k := range slices.Sorted(maps.Keys(e.header)) {
		fmt.Fprintf(&b, "> %s: %s\n", k, e.header[k])
	}
	if action := queryAction(e.body); action != "" {
		fmt.Fprintf(&b, "> Action=%s\n", action)
	}
	fmt.Fprintf(&b, "< %d\n", r.status)
	for _, h := range responseHeaders {
		if v := r.header.Get(h.name); v != "" {
			fmt.Fprintf(&b, "< %s: %s\n", h.name, h.mask(v))
		}
	}
	switch {
	case r.header.Get("Content-Type") == "application/vnd.amazon.eventstream":
		b.WriteString(prettyEventStream(t, r.body))
	case len(r.body) > 0:
		b.WriteString("\n")
		b.Write(prettyBody(t, r.body))
		b.WriteString("\n")
	}
	return []byte(maskVolatile(b.String()))
}

// queryAction is the Action of a query-protocol body, if it is one.
func queryAction(body []byte) string {
	if !strings.Contains(string(body), "Action=") {
		return ""
	}
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return ""
	}
	return v.Get("Action")
}

// responseHeaders are the response headers a golden file shows, in order;
// mask hides a value that changes from run to run.
var responseHeaders = []struct {
	name string
	mask func(string) string
}{
	{"Content-Type", keep},
	{"x-amzn-ErrorType", keep},
	{"x-amzn-query-error", keep},
	{"X-Amz-Executed-Version", keep},
	{"X-Amz-Function-Error", keep},
	{"X-Amz-Log-Result", func(string) string { return "<base64 log tail>" }},
	{"x-amzn-RequestId", func(string) string { return "<request-id>" }},
	// S3's.
	{"ETag", keep},
	{"Content-Range", keep},
	{"x-amz-checksum-crc32", keep},
	{"x-amz-bucket-region", keep},
	{"x-amz-request-id", func(string) string { return "<request-id>" }},
}

func keep(v string) string { return v }
