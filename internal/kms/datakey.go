package kms

import "github.com/virga-dev/virga/internal/aws"

type dataKeyInput struct {
	KeyId             string
	KeySpec           string
	NumberOfBytes     *int
	EncryptionContext map[string]string
}

// keySpecBytes are the sizes of the data keys KeySpec names.
var keySpecBytes = map[string]int{"AES_256": 32, "AES_128": 16}

// size is how many bytes the data key has: NumberOfBytes or KeySpec,
// exactly one of them.
func (in dataKeyInput) size() (int, error) {
	n := in.NumberOfBytes
	switch {
	case (n != nil) == (in.KeySpec != ""):
		return 0, aws.Errorf(aws.ErrInvalid, "Please specify either number of bytes or key spec.")
	case n != nil && (*n < 1 || *n > 1024):
		return 0, aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value '%d' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024", *n)
	case n != nil:
		return *n, nil
	case keySpecBytes[in.KeySpec] == 0:
		return 0, aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value '%s' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]", in.KeySpec)
	}
	return keySpecBytes[in.KeySpec], nil
}
