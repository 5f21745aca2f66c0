package sns

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/delivery"
)

// maxMessageBytes bounds a message with its attributes, and a batch.
const maxMessageBytes = 256 * 1024

// message is one published message, as every subscription's delivery is
// made from it.
type message struct {
	ID        string
	Topic     string // the topic's ARN
	Subject   string
	Body      string
	Structure string // "json": Body holds a message per protocol
	// Attributes are the message attributes, by name.
	Attributes map[string]attribute
	GroupID    string
	DedupID    string
	Sequence   string
	Timestamp  time.Time
}

// attribute is a message attribute, in the JSON shape the sqs and sns
// delivery kinds share (a BinaryValue is base64 in JSON).
type attribute struct {
	DataType    string `json:"DataType"`
	StringValue string `json:"StringValue,omitempty"`
	BinaryValue []byte `json:"BinaryValue,omitempty"`
}

// Attributes of a delivery of kind sns (TargetKind), as the shared
// contract names them.
const (
	attrSubject   = "Subject"
	attrMessageAt = "MessageAttributes"
	attrGroupID   = "MessageGroupId"
	attrDedupID   = "MessageDeduplicationId"
	attrStructure = "MessageStructure"
	attrSequence  = "SequenceNumber"
)

// delivery is m as a delivery to its topic: the fan-out step.
func (m *message) delivery() (delivery.Delivery, error) {
	attrs := map[string]string{}
	for k, v := range map[string]string{attrSubject: m.Subject, attrStructure: m.Structure, attrGroupID: m.GroupID,
		attrDedupID: m.DedupID, attrSequence: m.Sequence} {
		if v != "" {
			attrs[k] = v
		}
	}
	if len(m.Attributes) > 0 {
		b, err := json.Marshal(m.Attributes)
		if err != nil {
			return delivery.Delivery{}, fmt.Errorf("encode message attributes: %w", err)
		}
		attrs[attrMessageAt] = string(b)
	}
	return delivery.Delivery{
		ID: m.ID, Producer: ProducerKind, Target: delivery.Address{Kind: TargetKind, Name: m.Topic},
		Payload: []byte(m.Body), Attributes: attrs, Accepted: m.Timestamp,
	}, nil
}

// messageOf reads back a message from a delivery of kind sns, whoever
// produced it: its id is the delivery's, its time when it was accepted.
func messageOf(d delivery.Delivery) (*message, error) {
	m := &message{
		ID: d.ID, Topic: d.Target.Name, Body: string(d.Payload), Timestamp: d.Accepted.UTC(),
		Subject: d.Attributes[attrSubject], Structure: d.Attributes[attrStructure], GroupID: d.Attributes[attrGroupID],
		DedupID: d.Attributes[attrDedupID], Sequence: d.Attributes[attrSequence],
	}
	if s := d.Attributes[attrMessageAt]; s != "" {
		if err := json.Unmarshal([]byte(s), &m.Attributes); err != nil {
			return nil, fmt.Errorf("decode message attributes: %w", err)
		}
	}
	for key, v := range d.Attributes {
		if name, dataType, ok := delivery.ParseMessageAttribute(key); ok {
			if m.Attributes == nil {
				m.Attributes = map[string]attribute{}
			}
			m.Attributes[name] = attribute{DataType: dataType, StringValue: v}
		}
	}
	return m, nil
}

// size is what counts against the 256 KB limit: the body and every part
// of every attribute.
func (m *message) size() int {
	n := len(m.Body)
	for name, a := range m.Attributes {
		n += len(name) + len(a.DataType) + len(a.StringValue) + len(a.BinaryValue)
	}
	return n
}

var (
	attrNameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
	attrTypeRE = regexp.MustCompile(`^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$`)
)

// checkAttributes applies SNS's rules to message attributes.
func checkAttributes(attrs map[string]attribute) error {
	for name, a := range attrs {
		if err := checkAttributeName(name); err != nil {
			return err
		}
		if err := checkAttributeValue(name, a); err != nil {
			return err
		}
	}
	return nil
}

func checkAttributeName(name string) error {
	switch {
	case len(name) > 256:
		return aws.Errorf(errValueInvalid, "Length of message attribute name must be less than 256 bytes.")
	case strings.HasPrefix(name, "."):
		return aws.Errorf(errValueInvalid, "Invalid message attribute name starting with character '.' was found.")
	case strings.HasSuffix(name, "."):
		return aws.Errorf(errValueInvalid, "Invalid message attribute name ending with character '.' was found.")
	case strings.Contains(name, ".."):
		return aws.Errorf(errValueInvalid, "Message attribute name can not have successive '.' character.")
	case !attrNameRE.MatchString(name):
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"))
		return aws.Errorf(errValueInvalid, "Invalid non-alphanumeric character '#x%X' was found in the message attribute name. "+
			"Can only include alphanumeric characters, hyphens, underscores, or dots.", r)
	}
	return nil
}

func checkAttributeValue(name string, a attribute) error {
	if !attrTypeRE.MatchString(a.DataType) {
		return aws.Errorf(errValueInvalid, "The message attribute '%s' has an invalid message attribute type, "+
			"the set of supported type prefixes is Binary, Number, and String.", name)
	}
	binary := strings.HasPrefix(a.DataType, "Binary")
	switch {
	case binary && len(a.BinaryValue) == 0, !binary && a.StringValue == "":
		return aws.Errorf(errValueInvalid, "The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.",
			name, a.DataType)
	case strings.HasPrefix(a.DataType, "Number"):
		if _, err := strconv.ParseFloat(a.StringValue, 64); err != nil {
			return aws.Errorf(errValueInvalid, "Could not cast message attribute '%s' value to number.", name)
		}
	case a.DataType == "String.Array":
		var arr []any
		if json.Unmarshal([]byte(a.StringValue), &arr) != nil {
			return aws.Errorf(errValueInvalid, "The message attribute '%s' with type 'String.Array' must be a JSON array.", name)
		}
	}
	return nil
}

// checkSubject applies SNS's rules to a Subject: ASCII text without line
// breaks, at most 100 characters, and not empty when given.
func checkSubject(s *string) error {
	if s == nil {
		return nil
	}
	if *s == "" || len(*s) > 100 || strings.ContainsAny(*s, "\r\n") || !isASCII(*s) {
		return invalid("Subject")
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] < ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}
