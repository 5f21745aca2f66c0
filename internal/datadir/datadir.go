// Package datadir knows the layout of Virga's data directory: the account and
// administrator key made on first start, the further accounts made by
// `virga accounts add`, and the address the server listens on, so that
// `virga env` can point clients at it.
package datadir

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
)

// Default is $XDG_DATA_HOME/virga, else ~/.local/share/virga.
func Default() string {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "virga")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "virga")
	}
	return filepath.Join(home, ".local", "share", "virga")
}

// Admin is the account and its administrator key pair.
type Admin struct {
	AccountID       string
	AccessKeyID     string
	SecretAccessKey string
}

// Server records where the server listens.
type Server struct {
	Endpoint string
	Region   string
}

const (
	adminFile  = "admin.json"
	serverFile = "server.json"
)

// LoadOrCreateAdmin returns the data dir's administrator, making one on first use.
func LoadOrCreateAdmin(dir string) (Admin, error) {
	var a Admin
	err := read(dir, adminFile, &a)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return a, err
	}
	a = Admin(newAccount())
	return a, write(dir, adminFile, a)
}

// newAccount makes a random account id (12 digits, no leading zero) and key pair.
func newAccount() Account {
	a := Account{
		AccountID:       randomString("0123456789", 12),
		AccessKeyID:     "AKIA" + randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
		SecretAccessKey: randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
	}
	if a.AccountID[0] == '0' {
		a.AccountID = "1" + a.AccountID[1:]
	}
	return a
}

// LoadAdmin reads the administrator without creating one.
func LoadAdmin(dir string) (Admin, error) {
	var a Admin
	return a, read(dir, adminFile, &a)
}

// WriteServer records the server's address.
func WriteServer(dir string, s Server) error { return write(dir, serverFile, s) }

// LoadServer reads the recorded address.
func LoadServer(dir string) (Server, error) {
	var s Server
	return s, read(dir, serverFile, &s)
}

func read(dir, name string, v any) error {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// write replaces a file atomically, readable by its owner only.
func write(dir, name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(dir, name, append(data, '\n'))
}

// writeFile replaces a file atomically with data, mode 0600.
func writeFile(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp := filepath.Join(dir, "."+name+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, name))
}

func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, _ := rand.Int(rand.Reader, max) // crypto/rand does not fail on Linux
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

// WriteAdmin replaces the administrator's key: a server of a cluster adopts
// the one the cluster already has.
func WriteAdmin(dir string, a Admin) error { return write(dir, adminFile, a) }
