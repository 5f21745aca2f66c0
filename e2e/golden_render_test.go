package e2e

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"testing"
)

// volatile values are replaced, in this order, in the rendered exchange.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	// Lambda (rest-json).
	{regexp.MustCompile(`"RevisionId": "[^"]+"`), `"RevisionId": "<revision>"`},
	{regexp.MustCompile(`"(LastModified|CreatedDate)": "[^"]+"`), `"$1": "<timestamp>"`},
	{regexp.MustCompile(`"LastModified": [0-9.eE+]+`), `"LastModified": <timestamp>`},
	{regexp.MustCompile(`"Location": "[^"]+"`), `"Location": "<presigned-url>"`},
	// CloudWatch Logs (json 1.1): times in Unix milliseconds.
	{regexp.MustCompile(`"(creationTime|timestamp|ingestionTime|firstEventTimestamp|lastEventTimestamp|lastIngestionTime)": \d+`), `"$1": <timestamp>`},
	// EventBridge (json 1.1) and Scheduler (rest-json): Unix seconds.
	{regexp.MustCompile(`"(CreationTime|LastModifiedTime|CreationDate|LastModificationDate)": [0-9.eE+]+`), `"$1": <timestamp>`},
	// IAM and STS (XML).
	{regexp.MustCompile(`<(CreateDate|UpdateDate)>[^<]+<`), `<$1><timestamp><`},
	{regexp.MustCompile(`<RoleId>[^<]+<`), `<RoleId><role-id><`},
	{regexp.MustCompile(`<PolicyId>[^<]+<`), `<PolicyId><policy-id><`},
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
		if err := enc.EncodeToken(tok); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
