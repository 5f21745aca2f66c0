package lambda

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
)

// NewUUID is a random (version 4) UUID, the form of Lambda's request ids,
// revision ids and extension identifiers.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on Linux
	return FormatUUID(b)
}

// FormatUUID formats 16 bytes as a version 4 UUID (setting its version and
// variant bits), for ids derived from other data.
func FormatUUID(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// DerivedUUID is a UUID derived from seed: the same seed gives the same
// id, so that a record made again after a crash keeps the id it had and
// the delivery queue recognizes it as a duplicate.
func DerivedUUID(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	return FormatUUID([16]byte(sum[:16]))
}
