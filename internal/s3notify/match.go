package s3notify

import (
	"strings"
)

// selects tells whether t takes an event of this name ("ObjectCreated:Put")
// for an object whose encoded key is given. As S3 documents, filter
// values are compared with the key as records carry it: URL-encoded, a
// space as '+'.
func (t Target) selects(name, encodedKey string) bool {
	if !strings.HasPrefix(encodedKey, t.prefix()) || !strings.HasSuffix(encodedKey, t.suffix()) {
		return false
	}
	for _, pattern := range t.Events {
		if covers(pattern, "s3:"+name) {
			return true
		}
	}
	return false
}

// EncodeKey is a key as S3's records spell it: form-encoded (a space as
// '+', every byte but letters, digits, '.', '-', '_', '*' and '/' as %XX).
func EncodeKey(key string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case c == ' ':
			b.WriteByte('+')
		case keepsInKey(c):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func keepsInKey(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(".-_*/", c) >= 0
}
