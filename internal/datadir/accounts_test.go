package datadir

import (
	"regexp"
	"sync"
	"testing"
)

func TestAccounts(t *testing.T) {
	dir := t.TempDir()
	if _, err := AddAccount(dir); err == nil {
		t.Fatal("AddAccount without an administrator succeeded")
	}
	admin, err := LoadOrCreateAdmin(dir)
	if err != nil {
		t.Fatal(err)
	}
	accounts := NewAccounts(dir)
	if _, ok := accounts.Lookup("AKIANOBODY"); ok {
		t.Fatal("found an account before any was added")
	}
	var wg sync.WaitGroup
	made := make([]Account, 8)
	for i := range made {
		wg.Go(func() {
			a, err := AddAccount(dir)
			if err != nil {
				t.Error(err)
			}
			made[i] = a
		})
	}
	wg.Wait()
	ids := map[string]bool{admin.AccountID: true}
	for _, a := range made {
		if !regexp.MustCompile(`^[1-9]\d{11}$`).MatchString(a.AccountID) || ids[a.AccountID] {
			t.Errorf("account id %q", a.AccountID)
		}
		ids[a.AccountID] = true
		got, ok := accounts.Lookup(a.AccessKeyID)
		if !ok || got != a {
			t.Errorf("lookup %s = %+v, %v", a.AccessKeyID, got, ok)
		}
	}
	if _, ok := accounts.Lookup(admin.AccessKeyID); ok {
		t.Error("the administrator's key is not in accounts.json")
	}
}
