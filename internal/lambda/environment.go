package lambda

import (
	"bytes"
	"encoding/json"
)

// UnmarshalJSON reads the variables and the order of their keys.
func (e *Environment) UnmarshalJSON(data []byte) error {
	var raw struct{ Variables json.RawMessage }
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	e.Variables, e.Order = nil, nil
	if len(raw.Variables) == 0 || string(raw.Variables) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw.Variables, &e.Variables); err != nil {
		return err
	}
	e.Order = keyOrder(raw.Variables)
	return nil
}

// keyOrder lists the keys of a JSON object of strings in document order
// (nil if it is not one).
func keyOrder(object []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(object))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil
		}
		key, _ := k.(string)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil
		}
		keys = append(keys, key)
	}
	return keys
}
