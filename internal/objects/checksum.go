package objects

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"strconv"
)

// nvme is CRC-64/NVME's polynomial, bit-reversed as hash/crc64 takes it.
var nvme = crc64.MakeTable(0x9a6c9329ac4bc9b5)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksums are the additional checksum algorithms S3 offers, by the name
// its headers use (x-amz-checksum-crc32 for CRC32).
var checksums = map[string]func() hash.Hash{
	"CRC32":     func() hash.Hash { return crc32.NewIEEE() },
	"CRC32C":    func() hash.Hash { return crc32.New(castagnoli) },
	"CRC64NVME": func() hash.Hash { return crc64.New(nvme) },
	"SHA1":      sha1.New,
	"SHA256":    sha256.New,
}

// Algorithms lists the checksum algorithms by name.
func Algorithms() []string { return []string{"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"} }

// KnownAlgorithm reports whether S3 offers the checksum algorithm name.
func KnownAlgorithm(name string) bool {
	_, ok := checksums[name]
	return ok
}

// composite is the checksum of a multipart object: the checksum of its
// parts' checksums, with the number of parts.
func composite(alg string, parts []Part) string {
	h := checksums[alg]()
	for _, p := range parts {
		raw, err := base64.StdEncoding.DecodeString(p.Checksums[alg])
		if err != nil || len(raw) == 0 {
			return ""
		}
		h.Write(raw)
	}
	return base64.StdEncoding.EncodeToString(h.Sum(nil)) + "-" + strconv.Itoa(len(parts))
}
