package awsproto

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// A parser sets v from one parameter's value, or says what is wrong with it.
type parser func(v reflect.Value, s string) (problem string)

var timeType = reflect.TypeFor[time.Time]()

// scalarParser is the parser of a type sent as one value, or nil if t is
// not such a type.
func scalarParser(t reflect.Type) parser {
	switch {
	case t == timeType:
		return parseTime
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return parseBlob
	}
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value, s string) string { v.SetString(s); return "" }
	case reflect.Bool:
		return parseBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return parseInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return parseUint
	case reflect.Float32, reflect.Float64:
		return parseFloat
	}
	return nil
}

func parseBool(v reflect.Value, s string) string {
	switch {
	case strings.EqualFold(s, "true"):
		v.SetBool(true)
	case strings.EqualFold(s, "false"):
		v.SetBool(false)
	default:
		return "Member must be a boolean"
	}
	return ""
}

func parseInt(v reflect.Value, s string) string {
	n, err := strconv.ParseInt(s, 10, v.Type().Bits())
	if errors.Is(err, strconv.ErrRange) {
		bits := v.Type().Bits()
		return fmt.Sprintf("Member must be a number between %d and %d", int64(-1)<<(bits-1), int64(1)<<(bits-1)-1)
	}
	if err != nil {
		return "Member must be a number"
	}
	v.SetInt(n)
	return ""
}

func parseUint(v reflect.Value, s string) string {
	n, err := strconv.ParseUint(s, 10, v.Type().Bits())
	if errors.Is(err, strconv.ErrRange) {
		return fmt.Sprintf("Member must be a number between 0 and %d", uint64(math.MaxUint64)>>(64-v.Type().Bits()))
	}
	if err != nil {
		return "Member must be a number"
	}
	v.SetUint(n)
	return ""
}

// parseFloat also reads the "Infinity", "-Infinity" and "NaN" that botocore
// sends for those values.
func parseFloat(v reflect.Value, s string) string {
	f, err := strconv.ParseFloat(s, v.Type().Bits())
	if err != nil {
		return "Member must be a number"
	}
	v.SetFloat(f)
	return ""
}

func parseBlob(v reflect.Value, s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "Member must be base64-encoded"
	}
	v.SetBytes(b)
	return ""
}

func parseTime(v reflect.Value, s string) string {
	t, ok := parseTimestamp(s)
	if !ok {
		return "Member must be a timestamp"
	}
	v.Set(reflect.ValueOf(t))
	return ""
}

// timeLayouts are the timestamp formats botocore writes: ISO 8601 as
// RFC 3339 has it (the query protocol's default), the same without a zone
// (taken as UTC), and the RFC 822 dates of shapes that ask for them.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", time.RFC1123}

// parseTimestamp reads one of timeLayouts or seconds since the epoch, with
// an optional fraction.
func parseTimestamp(s string) (time.Time, bool) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return parseEpoch(s)
}

func parseEpoch(s string) (time.Time, bool) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || (hasFrac && (frac == "" || len(frac) > 9)) {
		return time.Time{}, false
	}
	var nsec int64
	for i := range 9 {
		nsec *= 10
		if i < len(frac) {
			if frac[i] < '0' || frac[i] > '9' {
				return time.Time{}, false
			}
			nsec += int64(frac[i] - '0')
		}
	}
	if strings.HasPrefix(whole, "-") {
		nsec = -nsec
	}
	return time.Unix(sec, nsec).UTC(), true
}
