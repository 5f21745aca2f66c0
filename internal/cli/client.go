package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// client sends signed requests to the server whose data directory it read.
type client struct {
	endpoint, region string
	creds            aws.Credentials
}

// newClient follows awsConfig: a named data directory, else the AWS
// environment, else the default data directory.
func newClient(ctx context.Context, dir dataDir) (*client, error) {
	cfg, err := awsConfig(ctx, dir)
	if err != nil {
		return nil, err
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	return &client{endpoint: strings.TrimSuffix(*cfg.BaseEndpoint, "/"), region: cfg.Region, creds: creds}, nil
}

// serverError is a response other than 200.
type serverError struct {
	status string
	body   string
}

func (e *serverError) Error() string { return fmt.Sprintf("server answered %s: %s", e.status, e.body) }

// send signs a request for service and returns the body of a 200 response.
func (c *client) send(ctx context.Context, method, path string, body []byte, header map[string]string, service string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, c.creds, req, hex.EncodeToString(sum[:]), service, c.region, time.Now()); err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, &serverError{status: resp.Status, body: string(data)}
	}
	return data, nil
}
