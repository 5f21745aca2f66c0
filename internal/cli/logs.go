package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// runLogs prints a function's log, through the server's CloudWatch Logs API.
func runLogs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dir := clientFlags("logs", stderr)
	follow := fs.Bool("follow", false, "keep printing new events")
	if err := fs.Parse(reorder(fs, args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: virga logs FUNCTION [--follow]")
	}
	client, err := newClient(ctx, *dir)
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

type logPage struct {
	Events []struct {
		Message string `json:"message"`
		EventID string `json:"eventId"`
	} `json:"events"`
	NextToken string `json:"nextToken"`
}

func (c *client) filter(ctx context.Context, group, token string) (logPage, error) {
	in := map[string]any{"logGroupName": group}
	if token != "" {
		in["nextToken"] = token
	}
	body, _ := json.Marshal(in)
	header := map[string]string{"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "Logs_20140328.FilterLogEvents"}
	data, err := c.send(ctx, http.MethodPost, "/", body, header, "logs")
	var se *serverError
	if errors.As(err, &se) && strings.Contains(se.body, `"ResourceNotFoundException"`) {
		return logPage{}, nil // the function has not written yet
	}
	if err != nil {
		return logPage{}, err
	}
	var page logPage
	return page, json.Unmarshal(data, &page)
}
