package httpevent

import (
	"encoding/base64"
	"mime"
	"net/url"
	"strings"
	"unicode/utf8"
)

// queryParameters decodes a query string, joining the values of a repeated
// key with ","; a pair whose escapes are broken is kept as sent. nil when
// there is no query.
func queryParameters(raw string) map[string]string {
	if raw == "" {
		return nil
	}
	params := map[string]string{}
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, v = unescape(k), unescape(v)
		if prior, ok := params[k]; ok {
			v = prior + "," + v
		}
		params[k] = v
	}
	if len(params) == 0 {
		return nil
	}
	return params
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// eventBody is the body as the event carries it: as text when its content
// type is text and it is valid UTF-8, else base64.
func eventBody(body []byte, contentType string) (string, bool) {
	switch {
	case len(body) == 0:
		return "", false
	case isText(contentType) && utf8.Valid(body):
		return string(body), false
	}
	return base64.StdEncoding.EncodeToString(body), true
}

// isText reports whether a content type is one whose bodies stay text in
// the event: text/*, and JSON, XML, JavaScript and YAML in any type.
// Everything else (forms, multipart, images, no type at all) is base64.
func isText(contentType string) bool {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	if strings.HasPrefix(media, "text/") {
		return true
	}
	_, sub, _ := strings.Cut(media, "/")
	for _, kind := range []string{"json", "xml", "javascript", "yaml"} {
		if sub == kind || strings.HasSuffix(sub, "+"+kind) || strings.HasPrefix(sub, "x-"+kind) {
			return true
		}
	}
	return false
}
