package sigv4

import (
	"net/http"
	"strings"
	"time"
)

const (
	isoBasic   = "20060102T150405Z"
	terminator = "aws4_request"
	// maxSkew is how far the signing time may be from the server's clock
	// for most services; skewOf names the services that allow less.
	maxSkew = 15 * time.Minute
)

// shortSkew are the services whose signatures AWS holds to five minutes of
// its clock rather than fifteen ("... (20171026T170054Z - 5 min.)").
var shortSkew = map[string]bool{"lambda": true}

// skewOf is how far a signature scoped to service may be from the clock.
func skewOf(service string) time.Duration {
	if shortSkew[service] {
		return 5 * time.Minute
	}
	return maxSkew
}

// credential is AKID/date/region/service/aws4_request.
type credential struct {
	accessKeyID string
	scope       string // date/region/service/aws4_request
	date        string
	region      string
	service     string
	terminator  string
}

func parseCredential(raw string) (credential, error) {
	if strings.Count(raw, "/") != 4 {
		return credential{}, errorf(ErrIncompleteSignature, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", raw)
	}
	var c credential
	c.accessKeyID, c.scope, _ = strings.Cut(raw, "/")
	c.date, c.region, _ = strings.Cut(c.scope, "/")
	c.region, c.service, _ = strings.Cut(c.region, "/")
	c.service, c.terminator, _ = strings.Cut(c.service, "/")
	return c, nil
}

// checkScope checks the credential scope against itself and the signing date.
func (sig *signature) checkScope() error {
	c := sig.cred
	switch {
	case c.terminator != terminator:
		return errorf(ErrInvalidSignature, "Credential should be scoped with a valid terminator: '%s', not '%s'. ", terminator, c.terminator)
	case c.date != sig.amzDate[:8]:
		return errorf(ErrInvalidSignature, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.", c.date, sig.amzDate[:8], sig.amzDate)
	case !validRegion(c.region):
		return errorf(ErrInvalidSignature, "Credential should be scoped to a valid region, not '%s'. ", c.region)
	case c.service == "":
		return errorf(ErrInvalidSignature, "Credential should be scoped to correct service: '%s'. ", c.service)
	}
	return nil
}

// validRegion accepts any region-shaped name: Virga serves whichever region
// its clients are configured for.
func validRegion(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// checkTime enforces the clock skew window, or a presigned URL's lifetime.
func (sig *signature) checkTime(now time.Time) error {
	now = now.UTC()
	if sig.presigned && sig.expires > 0 && now.After(sig.time.Add(sig.expires)) {
		return errorf(ErrAccessDenied, msgExpiredURL)
	}
	skew := skewOf(sig.cred.service)
	minutes := int(skew / time.Minute)
	if early := now.Add(-skew); sig.time.Before(early) && !(sig.presigned && sig.expires > 0) {
		return errorf(ErrInvalidSignature, "Signature expired: %s is now earlier than %s (%s - %d min.)",
			sig.amzDate, early.Format(isoBasic), now.Format(isoBasic), minutes)
	}
	if late := now.Add(skew); sig.time.After(late) {
		return errorf(ErrInvalidSignature, "Signature not yet current: %s is still later than %s (%s + %d min.)",
			sig.amzDate, late.Format(isoBasic), now.Format(isoBasic), minutes)
	}
	return nil
}

// ScopeService is the service a request's signature is scoped to, read
// without verifying anything ("" when the request carries no readable
// signature): it tells which service the request is for.
func ScopeService(r *http.Request) string {
	sig, err := parse(r)
	if err != nil {
		return ""
	}
	return sig.cred.service
}
