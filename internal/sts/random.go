package sts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
)

const (
	upperAlphabet  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// randomText is n characters drawn from alphabet, whose length divides 256.
func randomText(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// standInID is the unique id of a role Virga's IAM does not hold: derived
// from its ARN, so that it is the same on every server and every time.
func standInID(roleARN string) string {
	sum := sha256.Sum256([]byte(roleARN))
	return "AROA" + base32.StdEncoding.EncodeToString(sum[:])[:17]
}
