package e2e

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// snsMessage is what SNS posts to an HTTP/S endpoint (not raw).
type snsMessage struct {
	Type, MessageId, Token, TopicArn, Subject, Message, SubscribeURL, Timestamp string
	SignatureVersion, Signature, SigningCertURL, UnsubscribeURL, SequenceNumber string
	MessageAttributes                                                           map[string]struct{ Type, Value string }
}

// received is one POST the subscriber took, with its headers.
type received struct {
	header http.Header
	body   string
	msg    snsMessage
}

// subscriber is an HTTP endpoint on 127.0.0.1 that checks the signature of
// every message against the certificate it downloads, confirms
// subscriptions by visiting their SubscribeURL, and answers with status.
type subscriber struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	got    []received
	bad    []string
	status int
	certs  map[string]*x509.Certificate
}

func newSubscriber(t *testing.T) *subscriber {
	sub := &subscriber{t: t, status: 200, certs: map[string]*x509.Certificate{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sub.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(sub.serve)}}
	sub.srv.Start()
	t.Cleanup(sub.srv.Close)
	return sub
}

func (sub *subscriber) url(path string) string { return sub.srv.URL + path }

func (sub *subscriber) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := received{header: r.Header.Clone(), body: string(body)}
	if r.Header.Get("x-amz-sns-rawdelivery") != "true" {
		if err := json.Unmarshal(body, &rec.msg); err != nil {
			sub.fail("undecodable message %q: %v", body, err)
		} else if err := sub.verify(rec.msg); err != nil {
			sub.fail("%s %s: %v", rec.msg.Type, rec.msg.MessageId, err)
		}
	}
	sub.mu.Lock()
	sub.got = append(sub.got, rec)
	status := sub.status
	sub.mu.Unlock()
	if rec.msg.Type == "SubscriptionConfirmation" {
		go sub.confirm(rec.msg.SubscribeURL)
	}
	w.WriteHeader(status)
}

func (sub *subscriber) fail(format string, args ...any) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	sub.bad = append(sub.bad, fmt.Sprintf(format, args...))
}

func (sub *subscriber) confirm(url string) {
	resp, err := http.Get(url)
	if err != nil {
		sub.fail("confirm: %v", err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		sub.fail("confirm: %d %s", resp.StatusCode, body)
	}
}

// verify checks a message's signature as AWS's documentation says a
// subscriber should: the fields in order, SHA1 or SHA256 by version.
func (sub *subscriber) verify(m snsMessage) error {
	cert, err := sub.cert(m.SigningCertURL)
	if err != nil {
		return err
	}
	fields := []string{"Message", m.Message, "MessageId", m.MessageId}
	if m.Type == "Notification" {
		if m.Subject != "" {
			fields = append(fields, "Subject", m.Subject)
		}
		fields = append(fields, "Timestamp", m.Timestamp, "TopicArn", m.TopicArn, "Type", m.Type)
	} else {
		fields = append(fields, "SubscribeURL", m.SubscribeURL, "Timestamp", m.Timestamp, "Token", m.Token, "TopicArn", m.TopicArn, "Type", m.Type)
	}
	var text string
	for _, f := range fields {
		text += f + "\n"
	}
	sig, err := base64.StdEncoding.DecodeString(m.Signature)
	if err != nil {
		return err
	}
	key := cert.PublicKey.(*rsa.PublicKey)
	switch m.SignatureVersion {
	case "1":
		sum := sha1.Sum([]byte(text))
		return rsa.VerifyPKCS1v15(key, crypto.SHA1, sum[:], sig)
	case "2":
		sum := sha256.Sum256([]byte(text))
		return rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig)
	}
	return fmt.Errorf("signature version %q", m.SignatureVersion)
}

func (sub *subscriber) cert(url string) (*x509.Certificate, error) {
	sub.mu.Lock()
	c, ok := sub.certs[url]
	sub.mu.Unlock()
	if ok {
		return c, nil
	}
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("no certificate at %s: %d %q", url, resp.StatusCode, data)
	}
	c, err = x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, err
	}
	sub.mu.Lock()
	sub.certs[url] = c
	sub.mu.Unlock()
	return c, nil
}

// wait returns the messages of a type once there are n, failing after
// within.
func (sub *subscriber) wait(kind string, n int, within time.Duration) []received {
	sub.t.Helper()
	var out []received
	for deadline := time.Now().Add(within); ; time.Sleep(50 * time.Millisecond) {
		sub.mu.Lock()
		out = out[:0]
		for _, r := range sub.got {
			if r.header.Get("x-amz-sns-message-type") == kind {
				out = append(out, r)
			}
		}
		bad := append([]string(nil), sub.bad...)
		sub.mu.Unlock()
		if len(bad) > 0 {
			sub.t.Fatalf("the subscriber saw bad messages: %v", bad)
		}
		if len(out) >= n {
			return out
		}
		if time.Now().After(deadline) {
			sub.t.Fatalf("%d %s messages after %v, want %d", len(out), kind, within, n)
		}
	}
}

func (sub *subscriber) setStatus(code int) {
	sub.mu.Lock()
	sub.status = code
	sub.mu.Unlock()
}

// bodies waits until every body in want was received raw, and returns the
// set received.
func (sub *subscriber) bodies(want []string, within time.Duration) map[string]bool {
	sub.t.Helper()
	for deadline := time.Now().Add(within); ; time.Sleep(100 * time.Millisecond) {
		got := map[string]bool{}
		sub.mu.Lock()
		for _, r := range sub.got {
			got[r.body] = true
		}
		sub.mu.Unlock()
		missing := 0
		for _, b := range want {
			if !got[b] {
				missing++
			}
		}
		if missing == 0 || time.Now().After(deadline) {
			return got
		}
	}
}
