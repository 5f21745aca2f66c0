// Command lambdafn is a function built with aws-lambda-go's real runtime
// client, for the runtimeapi tests. The event says what it does.
package main

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type event struct {
	Fail  string `json:"fail"`  // return an error with this message
	Panic string `json:"panic"` // panic with this value
	Size  int    `json:"size"`  // return a string of this many bytes
	// Stream returns a reader of these pieces, each sent when the one
	// before has been read, then fails with StreamFail if set.
	Stream     []string `json:"stream"`
	StreamFail string   `json:"streamFail"`
}

type result struct {
	RequestID     string            `json:"requestId"`
	FunctionARN   string            `json:"functionArn"`
	DeadlineMs    int64             `json:"deadlineMs"`
	TraceID       any               `json:"traceId"`
	ClientCustom  map[string]string `json:"clientCustom"`
	CognitoID     string            `json:"cognitoId"`
	CognitoPoolID string            `json:"cognitoPoolId"`
	TenantID      string            `json:"tenantId"`
}

func handle(ctx context.Context, ev event) (any, error) {
	switch {
	case ev.Fail != "":
		return nil, errors.New(ev.Fail)
	case ev.Panic != "":
		panic(ev.Panic)
	case ev.Size > 0:
		return strings.Repeat("x", ev.Size), nil
	case ev.Stream != nil:
		return pieces(ev.Stream, ev.StreamFail), nil
	}
	lc, _ := lambdacontext.FromContext(ctx)
	deadline, _ := ctx.Deadline()
	return result{
		RequestID:     lc.AwsRequestID,
		FunctionARN:   lc.InvokedFunctionArn,
		DeadlineMs:    deadline.UnixMilli(),
		TraceID:       ctx.Value("x-amzn-trace-id"),
		ClientCustom:  lc.ClientContext.Custom,
		CognitoID:     lc.Identity.CognitoIdentityID,
		CognitoPoolID: lc.Identity.CognitoIdentityPoolID,
		TenantID:      lc.TenantID,
	}, nil
}

func main() { lambda.Start(handle) }

// pieces streams parts through a pipe, the way a handler producing its
// response over time would.
func pieces(parts []string, fail string) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		for _, p := range parts {
			pw.Write([]byte(p))
		}
		if fail != "" {
			pw.CloseWithError(errors.New(fail))
			return
		}
		pw.Close()
	}()
	return pr
}
