package kms

import (
	"bytes"
	"testing"
)

// FuzzParseBlob: any bytes parse or are refused without a panic, and what
// parses comes back out whole.
func FuzzParseBlob(f *testing.F) {
	good := blob{keyID: "1234abcd-12ab-34cd-56ef-1234567890ab", nonce: make([]byte, nonceSize), sealed: make([]byte, tagSize+3)}
	f.Add(good.bytes())
	f.Add([]byte{})
	f.Add([]byte{blobVersion, 0})
	f.Add([]byte{blobVersion, 255, 'a'})
	f.Fuzz(func(t *testing.T, b []byte) {
		bl, err := parseBlob(b)
		if err != nil {
			return
		}
		if !validKeyID(bl.keyID) || len(bl.nonce) != nonceSize || len(bl.sealed) < tagSize {
			t.Fatalf("parsed %+v", bl)
		}
		if !bytes.Equal(bl.bytes(), b) {
			t.Fatalf("round trip %x != %x", bl.bytes(), b)
		}
	})
}
