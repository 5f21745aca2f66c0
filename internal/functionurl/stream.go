package functionurl

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/virga-dev/virga/internal/httpevent"
	"github.com/virga-dev/virga/internal/lambda"
)

// output is where an invocation's response goes: the Invocation's Stream,
// collected whole for a BUFFERED URL or relayed as it comes for a
// RESPONSE_STREAM one.
type output interface {
	lambda.StreamStarter
	Write(p []byte) (int, error)
	// sent reports whether the client has had the status line already.
	sent() bool
	// finish answers with the result of an invocation that succeeded.
	finish(res lambda.InvokeResult)
}

var errTooLarge = errors.New("response too large")

// collected is a BUFFERED URL's response: read whole, within Lambda's
// limit, then mapped. A streamed response that declared an HTTP prelude
// is split at its delimiter; any other streamed response is the body; a
// buffered result is mapped as payload format 2.0 says.
type collected struct {
	site        *Site
	req         *request
	contentType string
	buf         bytes.Buffer
	over        bool
}

func (c *collected) StartStream(h lambda.StreamHeader) { c.contentType = h.ContentType }

func (c *collected) Write(p []byte) (int, error) {
	if c.over || c.buf.Len()+len(p) > lambda.MaxResponsePayload {
		c.over = true
		return 0, errTooLarge
	}
	return c.buf.Write(p)
}

func (c *collected) sent() bool { return false }

func (c *collected) finish(res lambda.InvokeResult) {
	if c.over {
		c.site.log.InfoContext(c.req.r.Context(), "function url response over the buffered limit")
		failed.write(c.req.w)
		return
	}
	data := c.buf.Bytes()
	if c.contentType != httpevent.PreludeContentType && res.Streamed {
		c.site.respond(c.req, httpevent.Response{Status: http.StatusOK, Header: streamType(c.contentType), Body: data}, nil)
		return
	}
	resp, err := httpevent.ParseResponse(data)
	if c.contentType == httpevent.PreludeContentType {
		resp, err = preludeResponse(data)
	}
	c.site.respond(c.req, resp, err)
}

// preludeResponse maps a whole response that begins with an HTTP prelude.
func preludeResponse(data []byte) (httpevent.Response, error) {
	prelude, body, ok := httpevent.SplitPrelude(data)
	if !ok {
		return httpevent.Response{Status: http.StatusOK, Header: streamType(""), Body: data}, nil
	}
	resp, err := httpevent.ParsePrelude(prelude)
	resp.Body = body
	return resp, err
}

// streamType is the header of a streamed response without a prelude.
func streamType(contentType string) http.Header {
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	return http.Header{"Content-Type": {contentType}}
}

// maxPrelude bounds the HTTP prelude a streamed response may begin with.
const maxPrelude = 1 << 20

// relayed is a RESPONSE_STREAM URL's response: its status line and headers
// go out as soon as they are known (at once, or at the end of the HTTP
// prelude), and every chunk after them as it arrives, flushed.
type relayed struct {
	site    *Site
	req     *request
	prelude bool
	typ     string
	head    []byte // the prelude so far
	started bool
	broken  error
}

func (r *relayed) StartStream(h lambda.StreamHeader) {
	r.typ, r.prelude = h.ContentType, h.ContentType == httpevent.PreludeContentType
}

func (r *relayed) Write(p []byte) (int, error) {
	if r.broken != nil {
		return 0, r.broken
	}
	n := len(p)
	if !r.started && r.prelude {
		r.head = append(r.head, p...)
		prelude, body, ok := httpevent.SplitPrelude(r.head)
		if !ok {
			if len(r.head) > maxPrelude {
				r.broken = errors.New("HTTP prelude too long")
				return 0, r.broken
			}
			return n, nil
		}
		resp, err := httpevent.ParsePrelude(prelude)
		if err != nil {
			r.broken = err
			return 0, err
		}
		r.begin(resp.Status, resp.Header)
		p = body
	}
	if !r.started {
		r.begin(http.StatusOK, streamType(r.typ))
	}
	if len(p) == 0 {
		return n, nil
	}
	if _, err := r.req.w.Write(p); err != nil {
		r.broken = err
		return 0, err
	}
	_ = http.NewResponseController(r.req.w).Flush()
	return n, nil
}

// begin sends the status line and headers.
func (r *relayed) begin(status int, header http.Header) {
	r.started = true
	r.site.writeHead(r.req, status, header)
	_ = http.NewResponseController(r.req.w).Flush()
}

func (r *relayed) sent() bool { return r.started }

func (r *relayed) finish(lambda.InvokeResult) {
	switch {
	case r.started:
		return // the body ends with the handler
	case r.broken != nil:
		r.site.log.InfoContext(r.req.r.Context(), "function url stream not mapped", "err", r.broken)
		failed.write(r.req.w)
	case len(r.head) > 0: // a prelude never finished: the bytes are the body
		r.begin(http.StatusOK, streamType(""))
		_, _ = r.req.w.Write(r.head)
	default:
		r.begin(http.StatusOK, streamType(r.typ))
	}
}
