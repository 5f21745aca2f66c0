package sigv4

import (
	"crypto/subtle"
	"net/http"
	"time"
)

// checkSession holds temporary credentials to their session token, which
// the request carries in X-Amz-Security-Token (a header, or a query
// parameter when presigned), and to their expiration.
func checkSession(r *http.Request, key Key, now time.Time) error {
	if key.SessionToken == "" {
		return nil
	}
	token := r.Header.Get("X-Amz-Security-Token")
	if token == "" {
		token = r.URL.Query().Get("X-Amz-Security-Token")
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(key.SessionToken)) != 1 {
		return errorf(ErrUnrecognizedClient, msgUnrecognized)
	}
	if !key.Expiration.IsZero() && !now.Before(key.Expiration) {
		return errorf(ErrExpiredToken, msgExpiredToken)
	}
	return nil
}

// Principal is the ARN of who the key acts for: a role session
// (arn:aws:sts::A:assumed-role/R/S) or an account's root user.
func (k Key) Principal() string {
	if k.Role.ARN == "" {
		return "arn:aws:iam::" + k.Account + ":root"
	}
	return "arn:aws:sts::" + k.Account + ":assumed-role/" + roleName(k.Role.ARN) + "/" + k.Role.Session
}

// UserID is the caller's unique id as STS reports it: the account for a
// root user, "AROA…:session" for a role session.
func (k Key) UserID() string {
	if k.Role.ARN == "" {
		return k.Account
	}
	return k.Role.ID + ":" + k.Role.Session
}

// roleName is the last part of a role's ARN, after its path.
func roleName(arn string) string {
	for i := len(arn) - 1; i >= 0; i-- {
		if arn[i] == '/' {
			return arn[i+1:]
		}
	}
	return arn
}
