package sigv4

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

var sessionKey = Key{
	AccessKeyID: "ASIAEXAMPLE", Secret: "session-secret", Account: "123456789012",
	SessionToken: "token-of-the-session", Expiration: signTime.Add(time.Hour),
	Role: RoleSession{ARN: "arn:aws:iam::123456789012:role/app/runner", ID: "AROAEXAMPLE", Session: "fn"},
}

func sessionLookup(_ context.Context, id string) (Key, bool, error) {
	return sessionKey, id == sessionKey.AccessKeyID, nil
}

// signSession signs req as the SDKs do with temporary credentials: the
// token travels, signed, in X-Amz-Security-Token.
func signSession(t *testing.T, req *http.Request, token string) {
	t.Helper()
	creds := aws.Credentials{AccessKeyID: sessionKey.AccessKeyID, SecretAccessKey: sessionKey.Secret, SessionToken: token}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hashHex(nil), "lambda", "us-east-1", signTime); err != nil {
		t.Fatal(err)
	}
}

func TestVerifySession(t *testing.T) {
	v := NewVerifier(sessionLookup)
	t.Run("Accepted", func(t *testing.T) {
		req := newRequest(t, "GET", "/2015-03-31/functions", nil)
		signSession(t, req, sessionKey.SessionToken)
		id, err := v.Verify(onWire(t, req), nil, signTime)
		if err != nil {
			t.Fatal(err)
		}
		if got := id.Key.Principal(); got != "arn:aws:sts::123456789012:assumed-role/runner/fn" {
			t.Errorf("Principal = %q", got)
		}
		if got := id.Key.UserID(); got != "AROAEXAMPLE:fn" {
			t.Errorf("UserID = %q", got)
		}
	})
	for name, token := range map[string]string{"WrongToken": "another", "NoToken": ""} {
		t.Run(name, func(t *testing.T) {
			req := newRequest(t, "GET", "/2015-03-31/functions", nil)
			signSession(t, req, token)
			if _, err := v.Verify(onWire(t, req), nil, signTime); !errors.Is(err, ErrUnrecognizedClient) {
				t.Errorf("Verify = %v, want UnrecognizedClientException", err)
			}
		})
	}
	t.Run("Expired", func(t *testing.T) {
		req := newRequest(t, "GET", "/2015-03-31/functions", nil)
		later := sessionKey.Expiration.Add(time.Second)
		creds := aws.Credentials{AccessKeyID: sessionKey.AccessKeyID, SecretAccessKey: sessionKey.Secret, SessionToken: sessionKey.SessionToken}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hashHex(nil), "lambda", "us-east-1", later); err != nil {
			t.Fatal(err)
		}
		_, err := v.Verify(onWire(t, req), nil, later)
		if !errors.Is(err, ErrExpiredToken) || err.(*Error).Message != "The security token included in the request is expired" {
			t.Errorf("Verify = %v, want ExpiredTokenException", err)
		}
	})
	t.Run("Presigned", func(t *testing.T) {
		req := newRequest(t, "GET", "/2015-03-31/functions", nil)
		creds := aws.Credentials{AccessKeyID: sessionKey.AccessKeyID, SecretAccessKey: sessionKey.Secret, SessionToken: sessionKey.SessionToken}
		u, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req, hashHex(nil), "lambda", "us-east-1", signTime)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Verify(presigned(t, u), nil, signTime); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("RootKeyNeedsNoToken", func(t *testing.T) {
		if got := testKey.Principal(); got != "arn:aws:iam::123456789012:root" {
			t.Errorf("Principal = %q", got)
		}
	})
}
