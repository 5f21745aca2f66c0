package e2e

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// volatile values are replaced, in this order, in the rendered exchange.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	// Lambda (rest-json).
	{regexp.MustCompile(`"RevisionId": "[^"]+"`), `"RevisionId": "<revision>"`},
	{regexp.MustCompile(`"(LastModified|CreatedDate|CreationTime|LastModifiedTime)": "[^"]+"`), `"$1": "<timestamp>"`},
	{regexp.MustCompile(`[a-z0-9]{32}\.lambda-url\.([a-z0-9-]+)\.localhost:\d+`), `<url-id>.lambda-url.$1.localhost:<port>`},
	{regexp.MustCompile(`"LastModified": [0-9.eE+]+`), `"LastModified": <timestamp>`},
	{regexp.MustCompile(`"Location": "[^"]+"`), `"Location": "<presigned-url>"`},
	// Step Functions (json 1.0): Unix seconds with milliseconds, revisions.
	{regexp.MustCompile(`"(creationDate|startDate|stopDate|updateDate|timestamp)": [0-9]+\.?[0-9]*(e\+?[0-9]+)?`), `"$1": <timestamp>`},
	{regexp.MustCompile(`"revisionId": "[^"]+"`), `"revisionId": "<revision>"`},
	// CloudWatch Logs (json 1.1): times in Unix milliseconds.
	{regexp.MustCompile(`"(creationTime|timestamp|ingestionTime|firstEventTimestamp|lastEventTimestamp|lastIngestionTime)": \d+`), `"$1": <timestamp>`},
	// EventBridge (json 1.1) and Scheduler (rest-json): Unix seconds.
	{regexp.MustCompile(`"(CreationTime|LastModifiedTime|CreationDate|LastModificationDate)": [0-9.eE+]+`), `"$1": <timestamp>`},
	// IAM and STS (XML).
	{regexp.MustCompile(`<(CreateDate|UpdateDate)>[^<]+<`), `<$1><timestamp><`},
	{regexp.MustCompile(`<RoleId>[^<]+<`), `<RoleId><role-id><`},
	{regexp.MustCompile(`<PolicyId>[^<]+<`), `<PolicyId><policy-id><`},
	{regexp.MustCompile(`<(AccessKeyId|SecretAccessKey|SessionToken|Expiration)>[^<]+<`), `<$1><$1><`},
	{regexp.MustCompile(`<(AssumedRoleId|UserId)>AROA[A-Z0-9]+:`), `<$1><role-id>:`},
	// API Gateway (rest-json, lower-case members): ids, endpoints, times.
	{regexp.MustCompile(`"(apiId|routeId|integrationId|authorizerId|deploymentId)": "[a-z0-9]+"`), `"$1": "<id>"`},
	{regexp.MustCompile(`"apiEndpoint": "[^"]+"`), `"apiEndpoint": "<endpoint>"`},
	{regexp.MustCompile(`"target": "integrations/[a-z0-9]+"`), `"target": "integrations/<id>"`},
	{regexp.MustCompile(`"(createdDate|lastUpdatedDate)": "[^"]+"`), `"$1": "<timestamp>"`},
	{regexp.MustCompile(`deployment ID '[a-z0-9]+'`), `deployment ID '<id>'`},
	{regexp.MustCompile(`/v2/apis/[a-z0-9]{10}`), `/v2/apis/<api-id>`},
	{regexp.MustCompile(`apis%2F[a-z0-9]{10}`), `apis%2F<api-id>`},
	{regexp.MustCompile(`/(routes|integrations|authorizers|deployments)/[a-z0-9]{6,7}`), `/$1/<id>`},
	// SQS (json 1.0 and XML): handles, times in Unix (milli)seconds, the
	// endpoint's port in queue URLs, the signer's access key.
	{regexp.MustCompile(`"(ReceiptHandle|TaskHandle)": "[^"]+"`), `"$1": "<handle>"`},
	{regexp.MustCompile(`<(ReceiptHandle|TaskHandle)>[^<]+<`), `<$1><handle><`},
	{regexp.MustCompile(`Value [A-Za-z0-9+/=]+ for parameter ReceiptHandle`), `Value <handle> for parameter ReceiptHandle`},
	{regexp.MustCompile(`"(SentTimestamp|ApproximateFirstReceiveTimestamp|CreatedTimestamp|LastModifiedTimestamp)": "\d+"`), `"$1": "<timestamp>"`},
	{regexp.MustCompile(`(<Name>(?:SentTimestamp|ApproximateFirstReceiveTimestamp|CreatedTimestamp|LastModifiedTimestamp)</Name>\s*<Value>)\d+<`), `$1<timestamp><`},
	{regexp.MustCompile(`"StartedTimestamp": \d+`), `"StartedTimestamp": <timestamp>`},
	{regexp.MustCompile(`"SequenceNumber": "\d+"`), `"SequenceNumber": "<sequence-number>"`},
	{regexp.MustCompile(`(<Name>SequenceNumber</Name>\s*<Value>|<SequenceNumber>)\d+<`), `$1<sequence-number><`},
	{regexp.MustCompile(`http://127\.0\.0\.1:\d+`), `http://<endpoint>`},
	{regexp.MustCompile(`AKIA[A-Z0-9]{16}`), `<access-key>`},
	// S3 (XML): host ids and times.
	{regexp.MustCompile(`<HostId>[^<]+<`), `<HostId><host-id><`},
	{regexp.MustCompile(`<(LastModified|CreationDate|Initiated)>[^<]+<`), `<$1><timestamp><`},
	// KMS and CloudTrail: blobs, key material, times in Unix seconds.
	{regexp.MustCompile(`"(CiphertextBlob|Plaintext)": "[^"]+"`), `"$1": "<blob>"`},
	{regexp.MustCompile(`"(DeletionDate|LastUpdatedDate|EventTime)": [0-9.eE+]+`), `"$1": <timestamp>`},
	// Everywhere: request ids, then account numbers.
	{regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`), `<uuid>`},
	{regexp.MustCompile(`\d{12}`), `<account>`},
}

func maskVolatile(s string) string {
	for _, v := range volatile {
		s = v.re.ReplaceAllString(s, v.with)
	}
	return s
}

// prettyBody indents a JSON or XML body; any other body is shown as sent.
func prettyBody(t *testing.T, body []byte) []byte {
	t.Helper()
	switch {
	case json.Valid(body):
		var buf bytes.Buffer
		if err := json.Indent(&buf, body, "", "  "); err != nil {
			t.Fatalf("body %q: %v", body, err)
		}
		return buf.Bytes()
	case bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")):
		out, err := indentXML(body)
		if err != nil {
			t.Fatalf("body %q: %v", body, err)
		}
		return out
	}
	return body
}

// literalPrefixes keeps prefixed attribute names (xmlns:xsi, xsi:type) as
// they were written, which the encoder would otherwise rename.
func literalPrefixes(tok xml.Token) xml.Token {
	start, ok := tok.(xml.StartElement)
	if !ok {
		return tok
	}
	attrs := make([]xml.Attr, len(start.Attr))
	for i, a := range start.Attr {
		if a.Name.Space != "" {
			a.Name = xml.Name{Local: a.Name.Space + ":" + a.Name.Local}
		}
		attrs[i] = a
	}
	start.Attr = attrs
	return start
}

// indentXML copies the tokens of an XML document into an indenting encoder,
// dropping the whitespace between elements, so that one element or leaf
// value stands on each line.
func indentXML(data []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) == 0 {
			continue
		}
		if err := enc.EncodeToken(literalPrefixes(tok)); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// prettyEventStream shows each message of an event stream (decoded, so
// with its CRCs checked) as its headers, sorted, then its payload.
func prettyEventStream(t *testing.T, body []byte) string {
	t.Helper()
	var b strings.Builder
	dec, r := eventstream.NewDecoder(), bytes.NewReader(body)
	for {
		m, err := dec.Decode(r, nil)
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatalf("event stream: %v", err)
		}
		b.WriteString("\n")
		hs := make([]string, 0, len(m.Headers))
		for _, h := range m.Headers {
			hs = append(hs, "| "+h.Name+": "+h.Value.String()+"\n")
		}
		slices.Sort(hs)
		b.WriteString(strings.Join(hs, ""))
		if len(m.Payload) > 0 {
			b.Write(prettyBody(t, m.Payload))
			b.WriteString("\n")
		}
	}
}
