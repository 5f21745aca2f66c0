package datadir

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

const (
	// MetricsTokenFile holds the bearer token /metrics asks for:
	// Prometheus reads it with credentials_file.
	MetricsTokenFile = "metrics.token"
	// RootKeyFile holds the key that seals every KMS key's material in
	// the store. Losing it loses every encrypted value; back it up with
	// the data directory.
	RootKeyFile = "kms-root.key"
)

// LoadOrCreateMetricsToken returns the data dir's metrics token, making one
// on first use.
func LoadOrCreateMetricsToken(dir string) (string, error) {
	return loadOrCreateSecret(dir, MetricsTokenFile)
}

// LoadOrCreateRootKey returns the data dir's 32-byte root key, making one
// on first use.
func LoadOrCreateRootKey(dir string) ([]byte, error) {
	s, err := loadOrCreateSecret(dir, RootKeyFile)
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(s)
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%s: not 64 hex digits", RootKeyFile)
	}
	return key, nil
}

// loadOrCreateSecret reads a secret file of the data dir, or writes one of
// 32 random bytes in hex, readable by its owner only.
func loadOrCreateSecret(dir, name string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err == nil {
		return strings.TrimSpace(string(data)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand does not fail on Linux
	secret := hex.EncodeToString(b)
	return secret, writeFile(dir, name, []byte(secret+"\n"))
}

// WriteSecret replaces the secret in the named file (MetricsTokenFile,
// RootKeyFile): a server of a cluster adopts the one the cluster has.
func WriteSecret(dir, name, secret string) error {
	return writeFile(dir, name, []byte(secret+"\n"))
}
