package pattern

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// A jnode is a pattern's JSON as written: objects keep their keys in order
// and with their duplicates, because both decide what a pattern means and
// which of its faults is reported first.
type jnode struct {
	kind    jkind
	text    string // a string's value, or a number as written
	b       bool
	members []member // an object's
	elems   []jnode  // an array's
}

type member struct {
	key string
	val jnode
}

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

var errTooDeep = errors.New("nested too deeply")

// readTree parses src as one JSON value nested at most maxDepth deep.
func readTree(src []byte) (jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	n, err := readNode(dec, 0)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return jnode{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return jnode{}, errors.New("unexpected data after the top-level value")
	}
	return n, nil
}

func readNode(dec *json.Decoder, depth int) (jnode, error) {
	tok, err := dec.Token()
	if err != nil {
		return jnode{}, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxDepth {
			return jnode{}, errTooDeep
		}
		if t == '{' {
			return readObject(dec, depth+1)
		}
		return readArray(dec, depth+1)
	case string:
		return jnode{kind: jString, text: t}, nil
	case json.Number:
		return jnode{kind: jNumber, text: string(t)}, nil
	case bool:
		return jnode{kind: jBool, b: t}, nil
	default:
		return jnode{kind: jNull}, nil
	}
}

func readObject(dec *json.Decoder, depth int) (jnode, error) {
	n := jnode{kind: jObject}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return jnode{}, err
		}
		key, ok := tok.(string)
		if !ok {
			return jnode{}, errors.New("object key is not a string")
		}
		val, err := readNode(dec, depth)
		if err != nil {
			return jnode{}, err
		}
		n.members = append(n.members, member{key: key, val: val})
	}
	_, err := dec.Token()
	return n, err
}

func readArray(dec *json.Decoder, depth int) (jnode, error) {
	n := jnode{kind: jArray}
	for dec.More() {
		val, err := readNode(dec, depth)
		if err != nil {
			return jnode{}, err
		}
		n.elems = append(n.elems, val)
	}
	_, err := dec.Token()
	return n, err
}

// tokenText is how AWS's streaming parser names a value in an error: a
// string by its contents, a container by its opening bracket.
func tokenText(n jnode) string {
	switch n.kind {
	case jString, jNumber:
		return n.text
	case jBool:
		if n.b {
			return "true"
		}
		return "false"
	case jArray:
		return "["
	case jObject:
		return "{"
	}
	return "null"
}
