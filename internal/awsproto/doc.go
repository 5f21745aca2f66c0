// Package awsproto holds AWS's wire protocols as codecs that every service
// shares: rest-json (Lambda), json 1.0/1.1 with X-Amz-Target (Logs, and the
// queue, event and workflow services), query with form-encoded requests and
// XML answers (IAM, STS, SNS, SQS's older clients) and rest-xml (S3). A
// protocol finds the operation a request names, decodes its input, encodes
// its result and encodes one fault shape exactly as AWS's clients parse it.
// A service is a list of operations, the protocols it speaks and its own
// table from error kind to code and status; the front door dispatches to it.
// Operations that answer with a stream of events frame them in AWS's binary
// event stream encoding (AppendEventMessage).
package awsproto
