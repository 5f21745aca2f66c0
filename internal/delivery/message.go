package delivery

import "strings"

// ToARN addresses a target that an ARN names: its kind is the ARN's
// service ("sqs", "sns", "events", "lambda"), its name the whole ARN. The
// composition root registers the target of each service under that kind.
func ToARN(targetARN string) Address {
	kind := ""
	if parts := strings.SplitN(targetARN, ":", 4); len(parts) == 4 {
		kind = parts[2]
	}
	return Address{Kind: kind, Name: targetARN}
}

// messageAttributePrefix marks the attributes of a delivery that a queue
// or topic target turns into message attributes.
const messageAttributePrefix = "message-attribute:"

// MessageAttribute is the key under which a producer puts, in a
// delivery's Attributes, the value of a message attribute of the given
// type (String or Number) for a target that sends messages.
func MessageAttribute(name, dataType string) string {
	return messageAttributePrefix + dataType + ":" + name
}

// ParseMessageAttribute reads back a key MessageAttribute made; ok is false
// for any other attribute.
func ParseMessageAttribute(key string) (name, dataType string, ok bool) {
	rest, ok := strings.CutPrefix(key, messageAttributePrefix)
	if !ok {
		return "", "", false
	}
	dataType, name, ok = strings.Cut(rest, ":")
	return name, dataType, ok && name != "" && dataType != ""
}
