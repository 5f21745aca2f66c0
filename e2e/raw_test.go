package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// rawResponse is a response read whole.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

func (r rawResponse) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return m
}

// send signs a request for Lambda with key/secret (skipped when key is
// empty) and sends it.
func (s *server) send(t *testing.T, method, path string, body []byte, key, secret string, header map[string]string) rawResponse {
	t.Helper()
	return s.sendFor(t, "lambda", method, path, body, key, secret, header)
}

// sendFor is send with the signing name of another service: "logs", "iam", "sts".
func (s *server) sendFor(t *testing.T, service, method, path string, body []byte, key, secret string, header map[string]string) rawResponse {
	t.Helper()
	req, err := http.NewRequest(method, s.endpoint+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if key != "" {
		sum := sha256.Sum256(body)
		payload := hex.EncodeToString(sum[:])
		if h := req.Header.Get("X-Amz-Content-Sha256"); h != "" {
			payload = h // S3's clients sign the hash they send, or UNSIGNED-PAYLOAD
		}
		creds := aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, payload, service, "us-east-1", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: data}
}

// signed sends a request signed with the administrator key.
func (s *server) signed(t *testing.T, method, path string, body []byte) rawResponse {
	return s.send(t, method, path, body, s.admin.AccessKeyID, s.admin.SecretAccessKey, nil)
}
