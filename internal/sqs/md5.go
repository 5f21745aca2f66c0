package sqs

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"sort"
	"strings"
)

// md5Hex is the hex MD5 of s: MD5OfMessageBody.
func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Transport markers of the attribute digest.
const (
	stringTransport = 1
	binaryTransport = 2
)

// attributesMD5 is MD5OfMessageAttributes (and of system attributes) as
// AWS defines it: for each attribute in order of name, its name, its data
// type, a transport marker (1 string, 2 binary) and its value, each string
// or value preceded by its length as four big-endian bytes. No attributes
// give "".
func attributesMD5(attrs map[string]MessageAttributeValue) string {
	if len(attrs) == 0 {
		return ""
	}
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	h := md5.New()
	for _, n := range names {
		v := attrs[n]
		writeLen(h, []byte(n))
		writeLen(h, []byte(v.DataType))
		if isBinary(v.DataType) {
			h.Write([]byte{binaryTransport})
			writeLen(h, v.BinaryValue)
		} else {
			h.Write([]byte{stringTransport})
			writeLen(h, []byte(v.StringValue))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeLen(h hash.Hash, b []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	h.Write(n[:])
	h.Write(b)
}

func isBinary(dataType string) bool {
	return dataType == "Binary" || strings.HasPrefix(dataType, "Binary.")
}
