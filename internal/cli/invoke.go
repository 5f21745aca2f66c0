package cli

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// runInvoke invokes a function and prints its result, then the tail of
// its log.
func runInvoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dir := clientFlags("invoke", stderr)
	event := fs.String("event", "", "a file with the event (default: {}; - reads standard input)")
	if err := fs.Parse(reorder(fs, args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: virga invoke FUNCTION [--event FILE]")
	}
	payload, err := readEvent(*event)
	if err != nil {
		return err
	}
	cfg, err := awsConfig(ctx, *dir)
	if err != nil {
		return err
	}
	out, err := lambda.NewFromConfig(cfg).Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(fs.Arg(0)),
		Payload: payload, LogType: types.LogTypeTail})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", out.Payload)
	if tail, err := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult)); err == nil && len(tail) > 0 {
		fmt.Fprintf(stderr, "--- log tail ---\n%s", tail)
	}
	if out.FunctionError != nil {
		return fmt.Errorf("the function failed (%s)", *out.FunctionError)
	}
	return nil
}

func readEvent(name string) ([]byte, error) {
	switch name {
	case "":
		return []byte("{}"), nil
	case "-":
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(name)
}
