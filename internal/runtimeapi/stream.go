package runtimeapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/virga-dev/virga/internal/lambda"
)

// StreamLimits bound a streamed response: at most Max bytes, of which the
// first Burst flow as fast as the runtime sends them and the rest at Rate
// bytes a second on average. A Rate of zero or less sets no bandwidth limit.
type StreamLimits struct {
	Max   int
	Burst int
	Rate  int
}

// DefaultStreamLimits are Lambda's.
var DefaultStreamLimits = StreamLimits{Max: lambda.MaxStreamedResponse, Burst: lambda.StreamBurst, Rate: lambda.StreamRate}

// relayBuffer is the most a streamed response is read in one go; a chunk the
// runtime sends reaches the Stream as soon as it arrives, up to this size.
const relayBuffer = 32 << 10

// LimitStreams sets the limits of streamed responses. Call it before Serve.
func (s *Server) LimitStreams(l StreamLimits) { s.streamLimits = l }

var errStreamTooLarge = errors.New("runtimeapi: streamed response too large")

// streamAnswer takes a streamed response to p: its body goes to p's sink as
// it arrives, and its trailers may still report a failure.
func (s *Server) streamAnswer(w http.ResponseWriter, p *pending, r *http.Request) error {
	p.out.begin(r.Header.Get(hdrContentType))
	n, err := s.relay(r.Context(), p.out, r.Body)
	switch {
	case errors.Is(err, errStreamTooLarge):
		s.log.Warn("streamed response too large", "requestId", p.id, "limit", s.streamLimits.Max)
		s.complete(p, streamed(responseTooLarge(s.streamLimits.Max), n))
		drain(r.Body)
		return errRequestTooLarge(s.streamLimits.Max)
	case errors.Is(err, errCut):
		return errInvalidRequestID
	case err != nil:
		s.log.Warn("truncated streamed response", "requestId", p.id, "err", err)
		s.complete(p, streamed(failure(typeTruncatedResponse, ""), n))
		return errTruncated
	}
	res, failed := trailerError(r.Trailer)
	if !failed {
		res = Response{ContentType: r.Header.Get(hdrContentType)}
	}
	return s.finish(w, p, streamed(res, n))
}

// streamed marks res as the end of a response whose n bytes were streamed.
func streamed(res Response, n int) Response {
	res.Streamed, res.Size = true, n
	return res
}

// relay copies body to out as it arrives, within the stream limits, and
// returns how many bytes it copied.
func (s *Server) relay(ctx context.Context, out *sink, body io.Reader) (int, error) {
	lim := s.streamLimits
	bw := rate.NewLimiter(rate.Inf, 0)
	if lim.Rate > 0 {
		bw = rate.NewLimiter(rate.Limit(lim.Rate), max(lim.Burst, relayBuffer))
	}
	buf := make([]byte, relayBuffer)
	n := 0
	for {
		m, err := body.Read(buf)
		if m > 0 {
			if n+m > lim.Max {
				return n, errStreamTooLarge
			}
			if err := pace(ctx, out, bw, m); err != nil {
				return n, err
			}
			if _, err := out.Write(buf[:m]); err != nil {
				return n, err
			}
			n += m
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// pace waits until m more bytes are within the bandwidth limit.
func pace(ctx context.Context, out *sink, bw *rate.Limiter, m int) error {
	delay := bw.ReserveN(time.Now(), m).Delay()
	if delay <= 0 {
		return nil
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-out.gone:
		return errCut
	case <-ctx.Done():
		return fmt.Errorf("paced stream: %w", ctx.Err())
	}
}
