package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"time"
)

// Payload forms a streaming request may declare in X-Amz-Content-Sha256.
const (
	streamingSigned         = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	streamingSignedTrailer  = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
	streamingUnsignedTailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
)

// emptyHash is the SHA-256 of no bytes.
const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// Stream is a request body as its signature declares it: the payload
// itself, checked as it is read.
type Stream struct {
	// Body reads the payload, decoded from aws-chunked framing when it was
	// sent so; a read error (an *Error) ends it when a chunk signature or the
	// payload's hash does not match.
	Body io.Reader
	// Trailer holds the trailing headers of an aws-chunked body once Body
	// has been read to its end (x-amz-checksum-crc32 and the like).
	Trailer http.Header
}

// VerifyStream checks the signature on r without reading its body, trusting
// the payload hash the request declares, and returns the body as a Stream
// that checks that hash, or the chunk signatures, while it is read.
func (v *Verifier) VerifyStream(r *http.Request, now time.Time) (Identity, *Stream, error) {
	sig, key, err := v.authenticate(r, now)
	if err != nil {
		return Identity{}, nil, err
	}
	if !hasSignedHeader(sig.signedHeaders, "host") {
		return Identity{}, nil, errorf(ErrIncompleteSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	want, ok := sig.sent()
	if !ok {
		return Identity{}, nil, errorf(ErrInvalidSignature, msgMismatch)
	}
	s := scratchPool.Get().(*scratch)
	defer putScratch(s)
	if err := v.checkPayloads(r, &sig, key.Secret, s, streamPayloads(&sig), want); err != nil {
		return Identity{}, nil, err
	}
	id := Identity{Key: key, Region: sig.cred.region, Service: sig.cred.service}
	return id, v.stream(r, &sig, key.Secret), nil
}

// streamPayloads lists the payload hashes a streaming request may be signed
// with: the one it declares, else those presigned URLs are signed with.
func streamPayloads(sig *signature) [2]payload {
	switch h := sig.payloadHash; {
	case h != "":
		return [2]payload{{literal: h}}
	case sig.presigned:
		return [2]payload{{literal: unsignedPayload}, {literal: emptyHash}}
	}
	return [2]payload{{literal: emptyHash}}
}

// stream wraps r's body to check it as its declared payload hash says.
func (v *Verifier) stream(r *http.Request, sig *signature, secret string) *Stream {
	st := &Stream{Trailer: http.Header{}}
	switch h := sig.payloadHash; h {
	case unsignedPayload:
		st.Body = r.Body
	case streamingUnsignedTailer:
		st.Body = newChunked(r.Body, nil, st.Trailer)
	case streamingSigned, streamingSignedTrailer:
		key := v.keys.get(secret, sig.cred)
		st.Body = newChunked(r.Body, &chain{key: key, amzDate: sig.amzDate, scope: sig.cred.scope, prev: sig.signature}, st.Trailer)
	case "":
		if sig.presigned {
			st.Body = r.Body
			break
		}
		st.Body = &hashed{r: r.Body, h: sha256.New(), want: emptyHash}
	default:
		st.Body = &hashed{r: r.Body, h: sha256.New(), want: strings.ToLower(h)}
	}
	return st
}

// ErrContentSHA256Mismatch is S3's refusal of a body whose SHA-256 is not the
// one its X-Amz-Content-Sha256 declared.
var ErrContentSHA256Mismatch = &Error{Code: "XAmzContentSHA256Mismatch"}

// hashed reads a body and fails at its end unless its SHA-256 is want.
type hashed struct {
	r io.Reader
	h interface {
		io.Writer
		Sum([]byte) []byte
	}
	want string
}

func (b *hashed) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.h.Write(p[:n])
	if err == io.EOF && hex.EncodeToString(b.h.Sum(nil)) != b.want {
		return n, errorf(ErrContentSHA256Mismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.")
	}
	return n, err
}
