package esm

import "regexp"

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// validUUID tells whether s has the form of a mapping's UUID, and so may
// be a key of the bucket.
func validUUID(s string) bool { return uuidRE.MatchString(s) }
