package asl

import (
	"cmp"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"hash"
	"strings"
	"unicode/utf8"
)

// maxEncoded is the longest string States.Base64Encode, Base64Decode and
// Hash accept.
const maxEncoded = 10000

func stringToJSON(args []any) (any, error) {
	s, err := stringArg("States.StringToJson", args[0])
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil || d.More() {
		return nil, intrinsicError("The argument of States.StringToJson is not valid JSON: '%s'", s)
	}
	return v, nil
}

func jsonToString(args []any) (any, error) {
	return compact(args[0]), nil
}

func base64Encode(args []any) (any, error) {
	s, err := shortString("States.Base64Encode", args[0])
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.EncodeToString([]byte(s)), nil
}

func base64Decode(args []any) (any, error) {
	s, err := shortString("States.Base64Decode", args[0])
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || !utf8.Valid(b) {
		return nil, intrinsicError("The argument of States.Base64Decode is not valid base64: '%s'", s)
	}
	return string(b), nil
}

// hashes are the algorithms of States.Hash.
var hashes = map[string]func() hash.Hash{
	"MD5": md5.New, "SHA-1": sha1.New, "SHA-256": sha256.New, "SHA-384": sha512.New384, "SHA-512": sha512.New,
}

func hashOf(args []any) (any, error) {
	alg, ok := args[1].(string)
	newHash := hashes[alg]
	if !ok || newHash == nil {
		return nil, intrinsicError("The hash algorithm of States.Hash must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, got %s", compact(args[1]))
	}
	s, err := shortString("States.Hash", args[0])
	if err != nil {
		return nil, err
	}
	h := newHash()
	h.Write([]byte(s))
	return hex.EncodeToString(h.Sum(nil)), nil
}

func shortString(fn string, v any) (string, error) {
	s, err := stringArg(fn, v)
	if err == nil && len([]rune(s)) > maxEncoded {
		return "", intrinsicError("The input of %s is longer than %d characters", fn, maxEncoded)
	}
	return s, err
}

// stringSplit splits at every character of the delimiter string, dropping
// empty pieces.
func stringSplit(args []any) (any, error) {
	s, err := stringArg("States.StringSplit", args[0])
	delims, err2 := stringArg("States.StringSplit", args[1])
	if err = cmp.Or(err, err2); err != nil {
		return nil, err
	}
	out := []any{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(delims, r) }) {
		out = append(out, part)
	}
	return out, nil
}

func jsonMerge(args []any) (any, error) {
	a, ok1 := args[0].(map[string]any)
	b, ok2 := args[1].(map[string]any)
	if !ok1 || !ok2 {
		return nil, intrinsicError("The first two arguments of States.JsonMerge must be objects")
	}
	if deep, ok := args[2].(bool); !ok || deep {
		return nil, intrinsicError("States.JsonMerge supports only a shallow merge: its third argument must be false")
	}
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out, nil
}
