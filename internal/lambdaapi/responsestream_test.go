package lambdaapi

import (
	"bytes"
	"errors"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/google/go-cmp/cmp"

	"github.com/virga-dev/virga/internal/lambda"
)

// events decodes an answer into "<event type> <payload>" strings.
func events(t *testing.T, body []byte) []string {
	t.Helper()
	dec, r := eventstream.NewDecoder(), bytes.NewReader(body)
	var out []string
	for {
		m, err := dec.Decode(r, nil)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m.Headers.Get(":event-type").String()+" "+string(m.Payload))
	}
}

func TestResponseStream(t *testing.T) {
	t.Run("Streamed", func(t *testing.T) {
		w := httptest.NewRecorder()
		s := newResponseStream(w)
		s.StartStream(lambda.StreamHeader{ContentType: "text/plain", ExecutedVersion: "3"})
		if !w.Flushed || w.Code != 200 {
			t.Fatalf("headers not flushed at the start: %d %v", w.Code, w.Flushed)
		}
		s.Write([]byte("one"))
		s.Write([]byte("two"))
		if err := s.complete(lambda.InvokeResult{ExecutedVersion: "3", LogResult: "bG9n"}); err != nil {
			t.Fatal(err)
		}
		if got := w.Header().Get("Content-Type"); got != "application/vnd.amazon.eventstream" || w.Header().Get("X-Amz-Executed-Version") != "3" {
			t.Errorf("headers %v", w.Header())
		}
		want := []string{"PayloadChunk one", "PayloadChunk two", `InvokeComplete {"LogResult":"bG9n"}`}
		if diff := cmp.Diff(want, events(t, w.Body.Bytes())); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrorBeforeAnyByte", func(t *testing.T) {
		w := httptest.NewRecorder()
		s := newResponseStream(w)
		s.complete(lambda.InvokeResult{ExecutedVersion: "$LATEST", FunctionError: "Unhandled", ErrorType: "Sandbox.Timedout",
			Payload: []byte(`{"errorMessage":"late"}`)})
		want := []string{`InvokeComplete {"ErrorCode":"Sandbox.Timedout","ErrorDetails":"{\"errorMessage\":\"late\"}"}`}
		if diff := cmp.Diff(want, events(t, w.Body.Bytes())); diff != "" || w.Header().Get("X-Amz-Executed-Version") != "$LATEST" {
			t.Errorf("events (-want +got):\n%s\nheaders %v", diff, w.Header())
		}
	})
	t.Run("LargeWriteIsSplit", func(t *testing.T) {
		w := httptest.NewRecorder()
		s := newResponseStream(w)
		s.Write(make([]byte, maxChunk+1))
		got := events(t, w.Body.Bytes())
		if len(got) != 2 || len(got[0]) != len("PayloadChunk ")+maxChunk || len(got[1]) != len("PayloadChunk ")+1 {
			t.Errorf("%d events", len(got))
		}
	})
}
