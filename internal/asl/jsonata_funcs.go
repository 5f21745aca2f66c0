package asl

import (
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"strings"

	jsonata "github.com/blues/jsonata-go"
	"github.com/blues/jsonata-go/jtypes"
)

// awsFunctions are the functions Step Functions adds to JSONata.
var awsFunctions = map[string]jsonata.Extension{
	"partition": {Func: jsonataPartition},
	"range":     {Func: jsonataRange},
	"hash":      {Func: jsonataHash},
	"random":    {Func: jsonataRandom},
	"uuid":      {Func: jsonataUUID},
	"parse":     {Func: jsonataParse},
}

// jsonataPartition is $partition(array, size): the array in chunks.
func jsonataPartition(arr []any, size float64) ([]any, error) {
	got, err := arrayPartition([]any{arr, size})
	return asSlice(got), unwrap(err)
}

// jsonataRange is $range(start, end, step): end inclusive.
func jsonataRange(start, end, step float64) ([]any, error) {
	got, err := arrayRange([]any{start, end, step})
	return toJSONata(got).([]any), unwrap(err)
}

// jsonataHash is $hash(value, algorithm).
func jsonataHash(s string, alg string) (string, error) {
	got, err := hashOf([]any{s, alg})
	if err != nil {
		return "", unwrap(err)
	}
	return got.(string), nil
}

// jsonataRandom is $random([seed]): a number in [0, 1), from
// java.util.Random when seeded, as Step Functions does.
func jsonataRandom(seed jtypes.OptionalFloat64) float64 {
	if seed.IsSet() {
		return newJavaRandom(int64(seed.Float64)).float()
	}
	return mrand.Float64()
}

func jsonataUUID() (string, error) {
	got, err := uuid(nil)
	if err != nil {
		return "", unwrap(err)
	}
	return got.(string), nil
}

// jsonataParse is $parse(json): the value a JSON string holds.
func jsonataParse(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil || d.More() {
		return nil, fmt.Errorf("$parse: the argument is not valid JSON")
	}
	return toJSONata(v), nil
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// unwrap turns an intrinsic's *Error into a plain error for the JSONata
// library, which adds it to its own message.
func unwrap(err error) error {
	if e, ok := err.(*Error); ok {
		return fmt.Errorf("%s", e.Cause)
	}
	return err
}
