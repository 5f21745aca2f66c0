package kms

import (
	"errors"
	"unicode"
)

// A ciphertext blob names the key that made it, as AWS's do, so that
// Decrypt needs no KeyId:
//
//	version (1) | key id length (1) | key id | nonce (12) | AES-256-GCM sealed data and tag
//
// The version byte and key id are also the start of the authenticated data.
const (
	blobVersion = 1
	nonceSize   = 12
	tagSize     = 16
	maxKeyID    = 64
)

// blob is a parsed ciphertext blob.
type blob struct {
	keyID  string
	nonce  []byte
	sealed []byte
}

var errBadBlob = errors.New("not a ciphertext blob of Virga's")

// parseBlob splits a ciphertext blob into its parts without decrypting it.
func parseBlob(b []byte) (blob, error) {
	if len(b) < 2 || b[0] != blobVersion {
		return blob{}, errBadBlob
	}
	n := int(b[1])
	if n == 0 || n > maxKeyID || len(b) < 2+n+nonceSize+tagSize {
		return blob{}, errBadBlob
	}
	id := string(b[2 : 2+n])
	if !validKeyID(id) {
		return blob{}, errBadBlob
	}
	rest := b[2+n:]
	return blob{keyID: id, nonce: rest[:nonceSize], sealed: rest[nonceSize:]}, nil
}

// header is what precedes the nonce: the version and the key id.
func (bl blob) header() []byte {
	return append([]byte{blobVersion, byte(len(bl.keyID))}, bl.keyID...)
}

// bytes is the blob as it travels.
func (bl blob) bytes() []byte {
	out := bl.header()
	out = append(out, bl.nonce...)
	return append(out, bl.sealed...)
}

// validKeyID accepts what key ids are made of: letters, digits and '-'.
func validKeyID(id string) bool {
	for _, r := range id {
		if r > unicode.MaxASCII || !(r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return id != ""
}
