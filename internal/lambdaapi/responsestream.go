package lambdaapi

import (
	"cmp"
	"encoding/json"
	"net/http"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
)

// maxChunk is the most one PayloadChunk event carries: a buffered response
// (at most this) is sent as one chunk, as Lambda sends it.
const maxChunk = lambda.MaxResponsePayload

var (
	payloadChunk   = awsproto.Event("PayloadChunk", "application/octet-stream")
	invokeComplete = awsproto.Event("InvokeComplete", "application/json")
)

// responseStream is the answer of InvokeWithResponseStream: an event stream
// of PayloadChunk events, each flushed to the caller as the function's bytes
// arrive, ended by one InvokeComplete event. The HTTP answer starts with the
// response (StartStream), or at the end when the function wrote nothing.
type responseStream struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	started bool
	buf     []byte
}

func newResponseStream(w http.ResponseWriter) *responseStream {
	return &responseStream{w: w, rc: http.NewResponseController(w)}
}

// StartStream writes the HTTP status and headers.
func (s *responseStream) StartStream(h lambda.StreamHeader) {
	if s.started {
		return
	}
	s.started = true
	hdr := s.w.Header()
	hdr.Set("Content-Type", awsproto.EventStreamContentType)
	hdr.Set("X-Amz-Executed-Version", h.ExecutedVersion)
	s.w.WriteHeader(http.StatusOK)
	_ = s.rc.Flush()
}

// Write sends p as PayloadChunk events.
func (s *responseStream) Write(p []byte) (int, error) {
	s.StartStream(lambda.StreamHeader{})
	n := len(p)
	for len(p) > 0 {
		chunk := p[:min(len(p), maxChunk)]
		if err := s.event(payloadChunk, chunk); err != nil {
			return n - len(p), err
		}
		p = p[len(chunk):]
	}
	return n, nil
}

// complete ends the stream with the invocation's outcome.
func (s *responseStream) complete(res lambda.InvokeResult) error {
	s.StartStream(lambda.StreamHeader{ExecutedVersion: res.ExecutedVersion})
	var end struct {
		ErrorCode    string `json:",omitempty"`
		ErrorDetails string `json:",omitempty"`
		LogResult    string `json:",omitempty"`
	}
	if res.FunctionError != "" {
		end.ErrorCode, end.ErrorDetails = cmp.Or(res.ErrorType, res.FunctionError), string(res.Payload)
	}
	end.LogResult = res.LogResult
	payload, err := json.Marshal(end)
	if err != nil {
		return err
	}
	return s.event(invokeComplete, payload)
}

func (s *responseStream) event(headers []awsproto.EventHeader, payload []byte) error {
	var err error
	if s.buf, err = awsproto.AppendEventMessage(s.buf[:0], headers, payload); err != nil {
		return err
	}
	if _, err := s.w.Write(s.buf); err != nil {
		return err
	}
	return s.rc.Flush()
}
