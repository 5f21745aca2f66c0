package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/virga-dev/virga/internal/datadir"
)

// runLogs prints a function's log, through the server's CloudWatch Logs API.
func runLogs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("logs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data-dir", datadir.Default(), "the server's data directory")
	follow := fs.Bool("follow", false, "keep printing new events")
	if err := fs.Parse(reorder(fs, args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: virga logs FUNCTION [--follow]")
	}
	client, err := newLogsClient(*dir)
	if err != nil {
		return err
	}
	group := "/aws/lambda/" + fs.Arg(0)
	token := ""
	for {
		page, err := client.filter(ctx, group, token)
		if err != nil {
			return err
		}
		for _, e := range page.Events {
			fmt.Fprint(stdout, e.Message)
		}
		if page.NextToken != "" {
			token = page.NextToken
			continue
		}
		if len(page.Events) > 0 {
			token = page.Events[len(page.Events)-1].EventID
		}
		if !*follow {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

// reorder moves flags (and their values) before the function name, so both
// orders work.
func reorder(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		if takesValue(fs, a) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return append(flags, rest...)
}

// takesValue reports whether arg is a flag given without "=" whose value is
// the next argument.
func takesValue(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

type logsClient struct {
	endpoint, region string
	creds            aws.Credentials
}

func newLogsClient(dir string) (*logsClient, error) {
	admin, err := datadir.LoadAdmin(dir)
	if err != nil {
		return nil, fmt.Errorf("no credentials in %s: %w", dir, err)
	}
	srv, err := datadir.LoadServer(dir)
	if err != nil {
		return nil, fmt.Errorf("no server address in %s: %w", dir, err)
	}
	return &logsClient{endpoint: srv.Endpoint, region: srv.Region,
		creds: aws.Credentials{AccessKeyID: admin.AccessKeyID, SecretAccessKey: admin.SecretAccessKey}}, nil
}

type logPage struct {
	Events []struct {
		Message string `json:"message"`
		EventID string `json:"eventId"`
	} `json:"events"`
	NextToken string `json:"nextToken"`
}

func (c *logsClient) filter(ctx context.Context, group, token string) (logPage, error) {
	in := map[string]any{"logGroupName": group}
	if token != "" {
		in["nextToken"] = token
	}
	body, _ := json.Marshal(in)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint+"/", bytes.NewReader(body))
	if err != nil {
		return logPage{}, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "Logs_20140328.FilterLogEvents")
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, c.creds, req, hex.EncodeToString(sum[:]), "logs", c.region, time.Now()); err != nil {
		return logPage{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return logPage{}, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Type string `json:"__type"`
		}
		if json.Unmarshal(data, &e) == nil && e.Type == "ResourceNotFoundException" {
			return logPage{}, nil // the function has not written yet
		}
		return logPage{}, fmt.Errorf("server answered %s: %s", resp.Status, data)
	}
	var page logPage
	return page, json.Unmarshal(data, &page)
}
