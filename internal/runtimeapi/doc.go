// Package runtimeapi serves the Lambda Runtime API (2018-06-01) to the runtime
// of one execution environment.
//
// A runtime client (aws-lambda-go, AWS's runtime interface clients, a shell
// bootstrap with curl) drives the conversation: it long-polls
// GET /runtime/invocation/next for an event, runs the handler, and posts the
// result to /runtime/invocation/{id}/response or /error. Before its first next
// it may instead report a failed initialisation on /runtime/init/error.
//
// A runtime may stream its response (Lambda-Runtime-Function-Response-Mode:
// streaming, a chunked body, errors in the trailers). An invocation given a
// Stream gets the bytes there as they arrive, within Lambda's size and
// bandwidth limits; one without gets the response buffered, as if it had
// not been streamed.
//
// Virga drives the other side with three calls on a Server: WaitInit waits for
// the runtime's first next, Invoke hands one event to the runtime and waits for
// its answer, Close ends the conversation. One environment runs one invocation
// at a time, as on Lambda. Status codes, error bodies and header names follow
// AWS's runtime interface emulator, so real runtime clients cannot tell the
// difference.
package runtimeapi
