package sigv4

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxChunk bounds one chunk of an aws-chunked body, which is held whole
// while its signature is checked.
const maxChunk = 16 << 20

// ErrIncompleteBody is S3's refusal of an aws-chunked body that is cut
// short or not framed as it declares.
var ErrIncompleteBody = &Error{Code: "IncompleteBody"}

// chunked decodes an aws-chunked body: hex-size[;chunk-signature=sig] CRLF
// data CRLF, ending with a chunk of size 0 and optional trailing headers.
// With a chain, every chunk's signature (and the trailer's) is checked.
type chunked struct {
	br      *bufio.Reader
	chain   *chain
	trailer http.Header
	buf     []byte
	data    []byte
	err     error
}

func newChunked(r io.Reader, c *chain, trailer http.Header) *chunked {
	return &chunked{br: bufio.NewReaderSize(r, 4096), chain: c, trailer: trailer}
}

func (c *chunked) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		c.err = c.next()
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}

// next reads the next chunk into buf, or the end and trailer (io.EOF).
func (c *chunked) next() error {
	line, err := c.line()
	if err != nil {
		return err
	}
	size, sig, err := parseChunkHeader(line, c.chain != nil)
	if err != nil {
		return err
	}
	if cap(c.data) < size {
		c.data = make([]byte, size)
	}
	c.data = c.data[:size]
	if _, err := io.ReadFull(c.br, c.data); err != nil {
		return errIncomplete()
	}
	if size > 0 {
		if crlf, err := c.line(); err != nil || crlf != "" {
			return errIncomplete()
		}
	}
	if c.chain != nil && !c.chain.verifyChunk(c.data, sig) {
		return errorf(ErrInvalidSignature, msgMismatch)
	}
	if size == 0 {
		return c.readTrailer()
	}
	c.buf = c.data
	return nil
}

// line reads one CRLF-terminated line, without its CRLF.
func (c *chunked) line() (string, error) {
	b, err := c.br.ReadSlice('\n')
	if err != nil || !bytes.HasSuffix(b, []byte("\r\n")) {
		return "", errIncomplete()
	}
	return string(b[:len(b)-2]), nil
}

// parseChunkHeader reads "hex-size" or "hex-size;chunk-signature=sig".
func parseChunkHeader(line string, signed bool) (int, string, error) {
	sizeHex, ext, hasExt := strings.Cut(line, ";")
	size, err := strconv.ParseUint(sizeHex, 16, 32)
	if err != nil || size > maxChunk {
		return 0, "", errIncomplete()
	}
	sig, ok := strings.CutPrefix(ext, "chunk-signature=")
	if signed && (!hasExt || !ok) {
		return 0, "", errIncomplete()
	}
	return int(size), sig, nil
}

// readTrailer reads the trailing headers up to the empty line (or the end
// of the body) and checks the trailer's signature when there is one.
func (c *chunked) readTrailer() error {
	var signed []byte
	for {
		b, err := c.br.ReadSlice('\n')
		line := strings.TrimRight(string(b), "\r\n")
		if line == "" {
			if err != nil && !errors.Is(err, io.EOF) {
				return errIncomplete()
			}
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return errIncomplete()
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "x-amz-trailer-signature" {
			if c.chain != nil && !c.chain.verifyTrailer(signed, strings.TrimSpace(value)) {
				return errorf(ErrInvalidSignature, msgMismatch)
			}
			continue
		}
		signed = append(signed, name+":"+strings.TrimSpace(value)+"\n"...)
		c.trailer.Add(name, strings.TrimSpace(value))
		if err != nil {
			break
		}
	}
	return io.EOF
}

func errIncomplete() error {
	return errorf(ErrIncompleteBody, "The request body terminated unexpectedly")
}

// chain is the signing state of a signed aws-chunked body: each chunk is
// signed over the previous signature, starting from the request's own.
type chain struct {
	key     [sha256.Size]byte
	amzDate string
	scope   string
	prev    string
}

func (c *chain) verifyChunk(data []byte, sig string) bool {
	sum := sha256.Sum256(data)
	msg := "AWS4-HMAC-SHA256-PAYLOAD\n" + c.amzDate + "\n" + c.scope + "\n" + c.prev + "\n" + emptyHash + "\n" + hex.EncodeToString(sum[:])
	return c.check(msg, sig)
}

func (c *chain) verifyTrailer(trailer []byte, sig string) bool {
	sum := sha256.Sum256(trailer)
	msg := "AWS4-HMAC-SHA256-TRAILER\n" + c.amzDate + "\n" + c.scope + "\n" + c.prev + "\n" + hex.EncodeToString(sum[:])
	return c.check(msg, sig)
}

func (c *chain) check(msg, sig string) bool {
	m := hmac.New(sha256.New, c.key[:])
	m.Write([]byte(msg))
	got := hex.EncodeToString(m.Sum(nil))
	if !hmac.Equal([]byte(got), []byte(sig)) {
		return false
	}
	c.prev = got
	return true
}
