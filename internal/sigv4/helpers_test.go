package sigv4

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

var (
	testKey  = Key{AccessKeyID: "AKIDEXAMPLE", Secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Account: "123456789012"}
	signTime = time.Date(2026, 1, 1, 0, 10, 0, 0, time.UTC)
)

func lookup(_ context.Context, id string) (Key, bool, error) {
	return testKey, id == testKey.AccessKeyID, nil
}

func hashHex(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// sdkSign signs req in place with aws-sdk-go-v2's signer.
func sdkSign(t testing.TB, req *http.Request, payloadHash, service string, key Key, when time.Time) {
	t.Helper()
	creds := aws.Credentials{AccessKeyID: key.AccessKeyID, SecretAccessKey: key.Secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, payloadHash, service, "us-east-1", when); err != nil {
		t.Fatal(err)
	}
}

// onWire sends req through HTTP/1.1 serialization and parsing, so the
// verifier sees exactly what a server would: raw RequestURI, Host moved out
// of the headers, header values as written.
func onWire(t testing.TB, req *http.Request) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	if err := req.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return readWire(t, buf.Bytes())
}

func readWire(t testing.TB, raw []byte) *http.Request {
	t.Helper()
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// newRequest builds a client request to the test host.
func newRequest(t testing.TB, method, pathAndQuery string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, "http://127.0.0.1:9000"+pathAndQuery, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(body) == 0 {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	return req
}
