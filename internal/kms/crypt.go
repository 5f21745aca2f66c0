package kms

import (
	"context"
	"crypto/rand"
)

// Encrypt seals plaintext under the key ref names, binding the encryption
// context; the blob names the key.
func (k *Keyring) Encrypt(ctx context.Context, account, ref string, plaintext []byte, encCtx map[string]string) ([]byte, Metadata, error) {
	s, err := k.resolve(ctx, account, ref)
	if err != nil {
		return nil, Metadata{}, err
	}
	material, err := k.usableMaterial(s)
	if err != nil {
		return nil, Metadata{}, err
	}
	bl := blob{keyID: s.Metadata.KeyId}
	bl.nonce, bl.sealed, err = seal(material, plaintext, append(bl.header(), contextAAD(encCtx)...))
	if err != nil {
		return nil, Metadata{}, err
	}
	return bl.bytes(), s.Metadata, nil
}

// Decrypt opens a blob Encrypt made with one of account's keys. want,
// when set, must name the blob's key.
func (k *Keyring) Decrypt(ctx context.Context, account, want string, ciphertext []byte, encCtx map[string]string) ([]byte, Metadata, error) {
	bl, err := parseBlob(ciphertext)
	if err != nil {
		return nil, Metadata{}, errCiphertext
	}
	s, err := k.resolve(ctx, account, bl.keyID)
	if err != nil {
		return nil, Metadata{}, errCiphertext // a blob of no key of this account's
	}
	if err := k.sameKey(ctx, account, want, s.Metadata); err != nil {
		return nil, Metadata{}, err
	}
	material, err := k.usableMaterial(s)
	if err != nil {
		return nil, Metadata{}, err
	}
	plain, err := open(material, bl.nonce, bl.sealed, append(bl.header(), contextAAD(encCtx)...))
	if err != nil {
		return nil, Metadata{}, errCiphertext
	}
	return plain, s.Metadata, nil
}

// sameKey refuses a Decrypt whose KeyId names another key than the blob's.
func (k *Keyring) sameKey(ctx context.Context, account, want string, md Metadata) error {
	if want == "" {
		return nil
	}
	id, _, err := k.keyIDOf(ctx, account, want)
	if err != nil {
		return err
	}
	if id != md.KeyId {
		return incorrectKey
	}
	return nil
}

// DataKey makes a data key of n bytes and returns it in plain form and
// sealed under the key ref names.
func (k *Keyring) DataKey(ctx context.Context, account, ref string, n int, encCtx map[string]string) (plain, sealed []byte, md Metadata, err error) {
	plain = make([]byte, n)
	if _, err := rand.Read(plain); err != nil {
		return nil, nil, Metadata{}, err
	}
	sealed, md, err = k.Encrypt(ctx, account, ref, plain, encCtx)
	return plain, sealed, md, err
}
