package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/http"
	"strings"
	"sync"
)

const unsignedPayload = "UNSIGNED-PAYLOAD"

// scratch holds the buffers of one signature check, reused across requests
// so the hot path does not allocate.
type scratch struct {
	canonical []byte
	toSign    []byte
	query     []byte
	spans     []querySpan
	h         hash.Hash
	pad       [sha256.BlockSize]byte
	sum       [sha256.Size]byte
	bodyHex   [2 * sha256.Size]byte
}

var scratchPool = sync.Pool{New: func() any { return &scratch{h: sha256.New()} }}

// maxPooled keeps one huge query from pinning its buffers in the pool.
const maxPooled = 64 << 10

func putScratch(s *scratch) {
	if cap(s.canonical) > maxPooled || cap(s.query) > maxPooled {
		return
	}
	scratchPool.Put(s)
}

// payload is one candidate payload hash: a literal, or the body's hash.
type payload struct {
	literal string
	body    bool
}

// checkSignature recomputes the signature over every reading of the request
// that clients are known to sign and compares it with the one sent.
func (v *Verifier) checkSignature(r *http.Request, body []byte, sig *signature, secret string) error {
	if !hasSignedHeader(sig.signedHeaders, "host") {
		return errorf(ErrIncompleteSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	want, ok := sig.sent()
	if !ok {
		return errorf(ErrInvalidSignature, msgMismatch)
	}
	s := scratchPool.Get().(*scratch)
	defer putScratch(s)
	payloads, ok := s.payloads(sig, body)
	if !ok {
		return errorf(ErrInvalidSignature, msgMismatch)
	}
	return v.checkPayloads(r, sig, secret, s, payloads, want)
}

// checkPayloads compares the signature sent, want, with the request's
// signature over each candidate payload hash.
func (v *Verifier) checkPayloads(r *http.Request, sig *signature, secret string, s *scratch, payloads [2]payload, want [sha256.Size]byte) error {
	key := v.keys.get(secret, sig.cred)
	path := wirePath(r)
	paths := [2]string{path, normalizedPath(path)}
	for _, p := range paths {
		for _, pl := range payloads {
			if p != "" && pl != (payload{}) && hmac.Equal(s.sign(r, sig, p, pl, &key), want[:]) {
				return nil
			}
		}
	}
	return errorf(ErrInvalidSignature, msgMismatch)
}

// sent is the signature the request carries, decoded.
func (sig *signature) sent() ([sha256.Size]byte, bool) {
	var want [sha256.Size]byte
	if len(sig.signature) != hex.EncodedLen(len(want)) {
		return want, false
	}
	_, err := hex.Decode(want[:], []byte(sig.signature))
	return want, err == nil
}

// payloads lists the payload hashes to try. A sent X-Amz-Content-Sha256 is
// used as is, after checking that a hex hash matches the body; a presigned
// URL without one is usually signed UNSIGNED-PAYLOAD but some SDKs hash the
// (empty) body.
func (s *scratch) payloads(sig *signature, body []byte) ([2]payload, bool) {
	switch h := sig.payloadHash; {
	case h == unsignedPayload:
		return [2]payload{{literal: h}}, true
	case h != "":
		s.hashBody(body)
		return [2]payload{{body: true}}, strings.ToLower(h) == string(s.bodyHex[:])
	case sig.presigned:
		s.hashBody(body)
		return [2]payload{{literal: unsignedPayload}, {body: true}}, true
	}
	s.hashBody(body)
	return [2]payload{{body: true}}, true
}

func (s *scratch) hashBody(body []byte) {
	sum := sha256.Sum256(body)
	hex.Encode(s.bodyHex[:], sum[:])
}

// sign computes the signature of one reading of the request.
func (s *scratch) sign(r *http.Request, sig *signature, path string, pl payload, key *[sha256.Size]byte) []byte {
	b := append(s.canonical[:0], r.Method...)
	b = append(b, '\n')
	b = appendURI(b, path, sig.cred.service == "s3")
	b = append(b, '\n')
	b = appendQuery(b, r.URL.RawQuery, sig.presigned, s)
	b = append(b, '\n')
	b = appendHeaders(b, r, sig.signedHeaders)
	b = append(b, '\n')
	b = append(b, sig.signedHeaders...)
	b = append(b, '\n')
	if pl.body {
		b = append(b, s.bodyHex[:]...)
	} else {
		b = append(b, pl.literal...)
	}
	s.canonical = b
	s.toSign = appendStringToSign(s.toSign[:0], sig.amzDate, sig.cred.scope, sha256.Sum256(b))
	return s.hmac(key, s.toSign)
}

// appendStringToSign appends the algorithm, time, scope and canonical hash.
func appendStringToSign(b []byte, amzDate, scope string, canonicalHash [sha256.Size]byte) []byte {
	b = append(b, algorithm+"\n"...)
	b = append(b, amzDate...)
	b = append(b, '\n')
	b = append(b, scope...)
	b = append(b, '\n')
	return hex.AppendEncode(b, canonicalHash[:])
}

// hmac is HMAC-SHA256 with a 32-byte key, written out so that it reuses the
// scratch hash instead of allocating a new one per request.
func (s *scratch) hmac(key *[sha256.Size]byte, msg []byte) []byte {
	s.keyPad(key, 0x36)
	s.h.Reset()
	s.h.Write(s.pad[:])
	s.h.Write(msg)
	inner := s.h.Sum(s.sum[:0])
	s.keyPad(key, 0x5c)
	s.h.Reset()
	s.h.Write(s.pad[:])
	s.h.Write(inner)
	return s.h.Sum(s.sum[:0])
}

func (s *scratch) keyPad(key *[sha256.Size]byte, pad byte) {
	for i := range s.pad {
		s.pad[i] = pad
	}
	for i, k := range key {
		s.pad[i] ^= k
	}
}

func hasSignedHeader(signed, name string) bool {
	for rest := signed; rest != ""; {
		var h string
		h, rest, _ = strings.Cut(rest, ";")
		if h == name {
			return true
		}
	}
	return false
}
