package sigv4

import (
	"net/http"
	"strings"
	"time"
)

const algorithm = "AWS4-HMAC-SHA256"

// signature is what a request claims about its own signing, in either form.
type signature struct {
	cred          credential
	signedHeaders string // lowercase names joined by ';', as sent
	signature     string // hex, as sent
	amzDate       string // the signing time, yyyymmddThhmmssZ
	time          time.Time
	presigned     bool
	expires       time.Duration // presigned only; 0 when X-Amz-Expires is absent
	payloadHash   string        // X-Amz-Content-Sha256, if sent
}

// parseHeader reads the header form:
//
//	Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=hex
func parseHeader(auth string, h http.Header) (signature, error) {
	var sig signature
	var credRaw string
	alg, params, _ := strings.Cut(auth, " ")
	if alg == algorithm {
		for tok, rest := nextToken(params); tok != ""; tok, rest = nextToken(rest) {
			name, value, ok := strings.Cut(tok, "=")
			if !ok {
				return sig, errorf(ErrIncompleteSignature, "'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", tok, auth)
			}
			switch name {
			case "Credential":
				credRaw = value
			case "SignedHeaders":
				sig.signedHeaders = value
			case "Signature":
				sig.signature = value
			}
		}
	}
	sig.amzDate = headerDate(h)
	if credRaw == "" || sig.signedHeaders == "" || sig.signature == "" || sig.amzDate == "" {
		return sig, missingParts(credRaw, sig, auth)
	}
	sig.payloadHash = h.Get("X-Amz-Content-Sha256")
	return sig.finish(credRaw)
}

// nextToken splits off the next Authorization parameter; commas and blanks
// both separate them, as they do for AWS.
func nextToken(s string) (tok, rest string) {
	s = strings.TrimLeft(s, ", \t")
	if i := strings.IndexAny(s, ", \t"); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// headerDate is the signing time from X-Amz-Date, or from Date converted to
// the ISO 8601 basic format the string to sign uses.
func headerDate(h http.Header) string {
	if d := h.Get("X-Amz-Date"); d != "" {
		return d
	}
	if d := h.Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			return t.UTC().Format(isoBasic)
		}
		return d
	}
	return ""
}

// missingParts lists every missing part in one message, as AWS does.
func missingParts(credRaw string, sig signature, auth string) error {
	var msg strings.Builder
	add := func(missing bool, sentence string) {
		if missing {
			msg.WriteString(sentence)
			msg.WriteString(" ")
		}
	}
	add(credRaw == "", "Authorization header requires 'Credential' parameter.")
	add(sig.signature == "", "Authorization header requires 'Signature' parameter.")
	add(sig.signedHeaders == "", "Authorization header requires 'SignedHeaders' parameter.")
	add(sig.amzDate == "", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	msg.WriteString("Authorization=")
	msg.WriteString(auth)
	return &Error{Code: ErrIncompleteSignature.Code, Message: msg.String()}
}

// finish parses the parts common to both forms: the credential and the date.
func (sig signature) finish(credRaw string) (signature, error) {
	cred, err := parseCredential(credRaw)
	if err != nil {
		return sig, err
	}
	sig.cred = cred
	t, err := time.Parse(isoBasic, sig.amzDate)
	if err != nil {
		return sig, errorf(ErrIncompleteSignature, "Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", sig.amzDate)
	}
	sig.time = t
	return sig, nil
}
