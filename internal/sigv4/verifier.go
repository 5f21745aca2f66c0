package sigv4

import (
	"context"
	"net/http"
	"time"
)

// Key is one access key Virga accepts and the account it acts for.
// Temporary credentials also carry a session token, which every request
// must present, an expiration, and the role session they act as.
type Key struct {
	AccessKeyID string
	Secret      string
	Account     string
	// SessionToken is set for temporary credentials only.
	SessionToken string
	// Expiration ends temporary credentials.
	Expiration time.Time
	// Role is the role session the key acts as; zero for an account's
	// root user.
	Role RoleSession
}

// RoleSession is an assumed role: the role and the session's name.
type RoleSession struct {
	// ARN is the role's ARN, path included.
	ARN string
	// ID is the role's unique id (AROA…).
	ID      string
	Session string
}

// Identity is who signed a verified request and for which region and service
// the signature was scoped.
type Identity struct {
	Key     Key
	Region  string
	Service string
}

// RequireService reports the error AWS sends when a request signed for one
// service reaches another, or nil when id was scoped to service.
func (id Identity) RequireService(service string) error {
	if id.Service == service {
		return nil
	}
	return errorf(ErrInvalidSignature, "Credential should be scoped to correct service: '%s'. ", service)
}

// Lookup finds the key with an access key id; ok is false when there is
// none, and err says the keys could not be read.
type Lookup func(ctx context.Context, accessKeyID string) (key Key, ok bool, err error)

// Verifier checks signatures against the keys its lookup knows. It is safe
// for concurrent use.
type Verifier struct {
	lookup Lookup
	keys   keyCache
}

// NewVerifier returns a Verifier that finds secrets with lookup. Verify calls
// lookup once per request, so it should be cheap.
func NewVerifier(lookup Lookup) *Verifier {
	return &Verifier{lookup: lookup}
}

// Verify checks the signature on r, in the Authorization header or in a
// presigned query string, against body (the whole request body, already read)
// at server time now. It returns who signed, or an *Error.
func (v *Verifier) Verify(r *http.Request, body []byte, now time.Time) (Identity, error) {
	sig, key, err := v.authenticate(r, now)
	if err != nil {
		return Identity{}, err
	}
	if err := v.checkSignature(r, body, &sig, key.Secret); err != nil {
		return Identity{}, err
	}
	return Identity{Key: key, Region: sig.cred.region, Service: sig.cred.service}, nil
}

// authenticate reads the signature on r and checks everything about it but
// the signature itself: its scope, its key, its time and its session.
func (v *Verifier) authenticate(r *http.Request, now time.Time) (signature, Key, error) {
	sig, err := parse(r)
	if err != nil {
		return signature{}, Key{}, err
	}
	if err := sig.checkScope(); err != nil {
		return signature{}, Key{}, err
	}
	key, ok, err := v.lookup(r.Context(), sig.cred.accessKeyID)
	switch {
	case err != nil:
		return signature{}, Key{}, err
	case !ok:
		return signature{}, Key{}, errorf(ErrUnrecognizedClient, msgUnrecognized)
	}
	if err := sig.checkTime(now); err != nil {
		return signature{}, Key{}, err
	}
	if err := checkSession(r, key, now); err != nil {
		return signature{}, Key{}, err
	}
	return sig, key, nil
}

// parse finds the signature on r in either of its two forms.
func parse(r *http.Request) (signature, error) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		return parseHeader(auth, r.Header)
	}
	if isPresigned(r.URL.RawQuery) {
		return parseQuery(r.URL.RawQuery)
	}
	return signature{}, errorf(ErrMissingToken, msgMissingToken)
}
