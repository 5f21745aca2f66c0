package datadir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// Account is an account other than the administrator's, with its key pair.
type Account struct {
	AccountID       string
	AccessKeyID     string
	SecretAccessKey string
}

const accountsFile = "accounts.json"

type accountList struct {
	Accounts []Account
}

// AddAccount makes a new account with its own key pair and records it in
// accounts.json, next to the administrator's admin.json.
func AddAccount(dir string) (Account, error) {
	admin, err := LoadAdmin(dir)
	if err != nil {
		return Account{}, fmt.Errorf("no administrator in %s (start `virga server` first): %w", dir, err)
	}
	unlock, err := lock(filepath.Join(dir, ".accounts.lock"))
	if err != nil {
		return Account{}, err
	}
	defer unlock()
	list, err := loadAccounts(dir)
	if err != nil {
		return Account{}, err
	}
	a := newAccount()
	for taken(a, append([]Account{Account(admin)}, list.Accounts...)) {
		a = newAccount()
	}
	list.Accounts = append(list.Accounts, a)
	return a, write(dir, accountsFile, list)
}

// taken reports whether a shares an id or key with an existing account.
func taken(a Account, existing []Account) bool {
	for _, o := range existing {
		if a.AccountID == o.AccountID || a.AccessKeyID == o.AccessKeyID {
			return true
		}
	}
	return false
}

func loadAccounts(dir string) (accountList, error) {
	var list accountList
	err := read(dir, accountsFile, &list)
	if errors.Is(err, fs.ErrNotExist) {
		return accountList{}, nil
	}
	return list, err
}

// lock takes an exclusive lock on path, so that two `virga accounts add`
// cannot lose one another's account.
func lock(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}

// Accounts finds the accounts of accounts.json by access key. The file may
// gain accounts while the server runs: a key Accounts does not know makes it
// read the file again, if the file changed. It is safe for concurrent use.
type Accounts struct {
	dir string

	mu    sync.Mutex
	seen  os.FileInfo // the version of the file byKey was read from
	byKey map[string]Account
}

// NewAccounts looks up the accounts of the data dir.
func NewAccounts(dir string) *Accounts { return &Accounts{dir: dir} }

// Lookup returns the account an access key belongs to.
func (a *Accounts) Lookup(accessKeyID string) (Account, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if acct, ok := a.byKey[accessKeyID]; ok {
		return acct, true
	}
	a.reload()
	acct, ok := a.byKey[accessKeyID]
	return acct, ok
}

// reload reads accounts.json when it changed since it was last read. The file
// is replaced by rename, so it is never seen half written; one that cannot be
// read leaves the known accounts as they were.
func (a *Accounts) reload() {
	fi, err := os.Stat(filepath.Join(a.dir, accountsFile))
	if err != nil || a.seen != nil && os.SameFile(fi, a.seen) && fi.ModTime().Equal(a.seen.ModTime()) && fi.Size() == a.seen.Size() {
		return
	}
	list, err := loadAccounts(a.dir)
	if err != nil {
		return
	}
	a.byKey = make(map[string]Account, len(list.Accounts))
	for _, acct := range list.Accounts {
		a.byKey[acct.AccessKeyID] = acct
	}
	a.seen = fi
}
