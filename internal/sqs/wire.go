package sqs

import (
	"encoding/base64"
	"encoding/xml"
	"sort"
)

// attrMap is a map of names to strings (queue and system attributes). In
// XML each entry is an element named as the field, holding Name and Value.
type attrMap map[string]string

func (m attrMap) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return encodePairs(e, start, "Name", map[string]string(m))
}

// tagMap is a map of tags: in XML, elements holding Key and Value.
type tagMap map[string]string

func (m tagMap) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return encodePairs(e, start, "Key", map[string]string(m))
}

func encodePairs(e *xml.Encoder, start xml.StartElement, keyName string, m map[string]string) error {
	for _, k := range sortedKeys(m) {
		if err := e.EncodeToken(start); err != nil {
			return err
		}
		if err := e.EncodeElement(k, xml.StartElement{Name: xml.Name{Local: keyName}}); err != nil {
			return err
		}
		if err := e.EncodeElement(m[k], xml.StartElement{Name: xml.Name{Local: "Value"}}); err != nil {
			return err
		}
		if err := e.EncodeToken(start.End()); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// attributeValue is a message attribute on the wire.
type attributeValue struct {
	StringValue      *string  `json:",omitempty"`
	BinaryValue      []byte   `json:",omitempty"`
	StringListValues []string `json:",omitempty" query:"StringListValue,flattened"`
	BinaryListValues [][]byte `json:",omitempty" query:"BinaryListValue,flattened"`
	DataType         string
}

// attributeMap is message attributes on the wire; in XML each is an element
// named as the field, holding Name and Value.
type attributeMap map[string]attributeValue

func (m attributeMap) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	for _, k := range sortedKeys(m) {
		v := m[k]
		value := struct {
			StringValue *string `xml:",omitempty"`
			BinaryValue string  `xml:",omitempty"`
			DataType    string
		}{StringValue: v.StringValue, DataType: v.DataType}
		if v.BinaryValue != nil {
			value.BinaryValue = base64.StdEncoding.EncodeToString(v.BinaryValue)
		}
		entry := struct {
			Name  string
			Value any
		}{k, value}
		if err := e.EncodeElement(entry, start); err != nil {
			return err
		}
	}
	return nil
}

func (m attributeMap) values() map[string]MessageAttributeValue {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]MessageAttributeValue, len(m))
	for k, v := range m {
		mv := MessageAttributeValue{DataType: v.DataType, BinaryValue: v.BinaryValue}
		if v.StringValue != nil {
			mv.StringValue = *v.StringValue
		}
		out[k] = mv
	}
	return out
}

func wireAttributes(m map[string]MessageAttributeValue) attributeMap {
	if len(m) == 0 {
		return nil
	}
	out := make(attributeMap, len(m))
	for k, v := range m {
		wv := attributeValue{DataType: v.DataType}
		if isBinary(v.DataType) {
			wv.BinaryValue = v.BinaryValue
		} else {
			s := v.StringValue
			wv.StringValue = &s
		}
		out[k] = wv
	}
	return out
}
