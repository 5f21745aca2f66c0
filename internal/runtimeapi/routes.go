package runtimeapi

import (
	"errors"
	"net/http"
)

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, r := range []struct {
		pattern string
		handle  handler
	}{
		// The emulator keeps /ping although no runtime client uses it.
		{"GET /2018-06-01/ping", ping},
		{"GET /2018-06-01/runtime/invocation/next", s.next},
		{"POST /2018-06-01/runtime/invocation/{id}/response", s.response},
		{"POST /2018-06-01/runtime/invocation/{id}/error", s.invocationError},
		{"POST /2018-06-01/runtime/init/error", s.initError},
	} {
		mux.Handle(r.pattern, r.handle)
	}
	return mux
}

// handler is a Runtime API handler; an error it returns is rendered as the
// API's error answer.
type handler func(http.ResponseWriter, *http.Request) error

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		var e *apiError
		if !errors.As(err, &e) {
			e = errInternal
		}
		writeJSON(w, e.status, e.body)
	}
}

var (
	jsonContentType = []string{contentTypeJSON}
	statusOK        = []byte("{\"status\":\"OK\"}\n")
	pong            = []byte("pong")
)

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header()[hdrContentType] = jsonContentType
	w.WriteHeader(status)
	w.Write(body)
}

func accepted(w http.ResponseWriter) error {
	writeJSON(w, http.StatusAccepted, statusOK)
	return nil
}

func ping(w http.ResponseWriter, _ *http.Request) error {
	w.Write(pong)
	return nil
}

// next answers GET /runtime/invocation/next with the next invocation.
func (s *Server) next(w http.ResponseWriter, r *http.Request) error {
	p, err := s.awaitNext(r.Context())
	if err != nil {
		return err
	}
	p.writeTo(w)
	return nil
}

// response takes POST /runtime/invocation/{id}/response.
func (s *Server) response(w http.ResponseWriter, r *http.Request) error {
	p, err := s.claim(r.PathValue("id"), responding)
	if err != nil {
		return err
	}
	mode := r.Header.Get(hdrResponseMode)
	if mode != "" && mode != streamingResponseMode {
		s.complete(p, failure(typeInvalidResponseMode, ""))
		return errInvalidResponseMode
	}
	// A response is streamed only to an invocation with a Stream; to any
	// other it is buffered, within the buffered limit. A chunked body is
	// streamed even without the mode header: aws-lambda-go streams a
	// handler's io.Reader that way.
	if p.out != nil && (mode == streamingResponseMode || r.ContentLength < 0) {
		return s.streamAnswer(w, p, r)
	}
	body, err := s.readAnswer(p, r)
	if err != nil {
		return err
	}
	res, failed := trailerError(r.Trailer)
	if !failed {
		res = s.buffered(p, body, r.Header.Get(hdrContentType))
	}
	return s.finish(w, p, res)
}

// buffered is the successful response body to p; an invocation with a
// Stream gets the body there.
func (s *Server) buffered(p *pending, body []byte, contentType string) Response {
	if p.out == nil {
		return Response{Payload: body, ContentType: contentType}
	}
	p.out.begin(contentType)
	p.out.Write(body)
	return Response{ContentType: contentType, Size: len(body)}
}

// invocationError takes POST /runtime/invocation/{id}/error.
func (s *Server) invocationError(w http.ResponseWriter, r *http.Request) error {
	p, err := s.claim(r.PathValue("id"), failing)
	if err != nil {
		return err
	}
	body, err := s.readAnswer(p, r)
	if err != nil {
		return err
	}
	return s.finish(w, p, functionError(r.Header, body))
}

// readAnswer reads the body of the runtime's answer to p. When the body is
// unacceptable it fails the invocation and returns the API's error answer.
func (s *Server) readAnswer(p *pending, r *http.Request) ([]byte, error) {
	body, tooLarge, err := readBody(r, s.maxResponse)
	switch {
	case tooLarge:
		s.log.Warn("response too large", "requestId", p.id, "limit", s.maxResponse)
		s.complete(p, s.tooLargeResult)
		return nil, s.tooLargeAnswer
	case err != nil:
		s.log.Warn("truncated response", "requestId", p.id, "err", err)
		s.complete(p, failure(typeTruncatedResponse, ""))
		return nil, errTruncated
	}
	return body, nil
}

func (s *Server) finish(w http.ResponseWriter, p *pending, res Response) error {
	if !s.complete(p, res) {
		return errInvalidRequestID
	}
	return accepted(w)
}

// initError takes POST /runtime/init/error.
func (s *Server) initError(w http.ResponseWriter, r *http.Request) error {
	if err := s.beginInitError(); err != nil {
		return err
	}
	body, tooLarge, err := readBody(r, s.maxResponse)
	if tooLarge || err != nil {
		body = nil
	}
	res := functionError(r.Header, body)
	s.endInitError(&InitError{ErrorType: res.ErrorType, Payload: res.Payload})
	s.log.Info("runtime init failed", "errorType", res.ErrorType)
	return accepted(w)
}
