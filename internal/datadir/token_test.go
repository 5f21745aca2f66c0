package datadir

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSecretsAreMadeOnceAndPrivate(t *testing.T) {
	dir := t.TempDir()
	key, err := LoadOrCreateRootKey(dir)
	if err != nil || len(key) != 32 {
		t.Fatalf("root key %x: %v", key, err)
	}
	again, err := LoadOrCreateRootKey(dir)
	if err != nil || string(again) != string(key) {
		t.Fatalf("second read %x: %v", again, err)
	}
	token, err := LoadOrCreateMetricsToken(dir)
	if err != nil || len(token) != 64 || token == string(key) {
		t.Fatalf("token %q: %v", token, err)
	}
	for _, name := range []string{RootKeyFile, MetricsTokenFile} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", name, info, err)
		}
	}
}
