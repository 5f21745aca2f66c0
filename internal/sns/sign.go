package sns

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/virga-dev/virga/internal/store"
)

// signer signs the messages SNS sends to HTTP/S endpoints, functions and
// queues, with one RSA key per region kept in the store, so that every
// server signs alike and a restart keeps the certificate subscribers
// have fetched.
type signer struct {
	key     *rsa.PrivateKey
	certPEM []byte
	// certName is the certificate's file name: SimpleNotificationService-<hash>.pem.
	certName string
}

// storedKey is the key and certificate as the keys bucket keeps them.
type storedKey struct {
	Key  []byte `json:"key"`  // PKCS #1, DER
	Cert []byte `json:"cert"` // X.509, DER
}

const signingKey = "signing"

// loadSigner reads the signing key, making it on first use.
func loadSigner(ctx context.Context, b *store.Bucket) (*signer, error) {
	var k storedKey
	found, err := load(ctx, b, signingKey, &k)
	if err != nil {
		return nil, err
	}
	if !found {
		if k, err = newKey(); err != nil {
			return nil, err
		}
		data, _ := json.Marshal(k)
		if _, err := b.Create(ctx, signingKey, data); errors.Is(err, store.ErrExists) {
			return loadSigner(ctx, b) // another server made it first
		} else if err != nil {
			return nil, err
		}
	}
	key, err := x509.ParsePKCS1PrivateKey(k.Key)
	if err != nil {
		return nil, fmt.Errorf("read signing key: %w", err)
	}
	sum := sha256.Sum256(k.Cert)
	return &signer{
		key:      key,
		certPEM:  pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.Cert}),
		certName: "SimpleNotificationService-" + hex.EncodeToString(sum[:16]) + ".pem",
	}, nil
}

// newKey makes an RSA key and a self-signed certificate for it.
func newKey() (storedKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return storedKey{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "sns.amazonaws.com", Organization: []string{"Virga"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(20, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return storedKey{}, err
	}
	return storedKey{Key: x509.MarshalPKCS1PrivateKey(key), Cert: cert}, nil
}

// sign signs fields (name, value pairs, in order) as SNS does: each name
// and value on a line of its own, hashed with SHA1 for SignatureVersion
// 1 and SHA256 for 2, the signature in base64.
func (s *signer) sign(version string, fields [][2]string) string {
	var text []byte
	for _, f := range fields {
		text = append(append(append(append(text, f[0]...), '\n'), f[1]...), '\n')
	}
	var sig []byte
	if version == "2" {
		sum := sha256.Sum256(text)
		sig, _ = rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	} else {
		sum := sha1.Sum(text)
		sig, _ = rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA1, sum[:])
	}
	return base64.StdEncoding.EncodeToString(sig)
}
