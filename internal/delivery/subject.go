package delivery

import (
	"fmt"
	"net/url"
	"strings"
)

// escape makes a target name one subject token: bytes other than
// letters, digits, '-', '_' and ':' become %XX, so that a function name
// or an ARN reads as itself and a URL or a name with dots stays one token.
func escape(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		if c := name[i]; plain(c) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// unescape reverses escape; a token it cannot read is returned as is.
func unescape(token string) string {
	name, err := url.PathUnescape(token)
	if err != nil {
		return token
	}
	return name
}

func plain(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':'
}
