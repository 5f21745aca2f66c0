package sns

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
)

// Types of the messages SNS sends.
const (
	typeNotification             = "Notification"
	typeSubscriptionConfirmation = "SubscriptionConfirmation"
	typeUnsubscribeConfirmation  = "UnsubscribeConfirmation"
)

const timeFormat = "2006-01-02T15:04:05.000Z"

// envelope is the JSON document SNS sends to queues and HTTP/S endpoints
// (unless raw delivery is on), in AWS's member order.
type envelope struct {
	Type              string                  `json:"Type"`
	MessageId         string                  `json:"MessageId"`
	SequenceNumber    string                  `json:"SequenceNumber,omitempty"`
	Token             string                  `json:"Token,omitempty"`
	TopicArn          string                  `json:"TopicArn"`
	Subject           string                  `json:"Subject,omitempty"`
	Message           string                  `json:"Message"`
	SubscribeURL      string                  `json:"SubscribeURL,omitempty"`
	Timestamp         string                  `json:"Timestamp"`
	SignatureVersion  string                  `json:"SignatureVersion"`
	Signature         string                  `json:"Signature"`
	SigningCertURL    string                  `json:"SigningCertURL"`
	UnsubscribeURL    string                  `json:"UnsubscribeURL,omitempty"`
	MessageAttributes map[string]envelopeAttr `json:"MessageAttributes,omitempty"`
}

// envelopeAttr is a message attribute in an envelope or a Lambda event;
// a binary value is in base64.
type envelopeAttr struct {
	Type  string `json:"Type"`
	Value string `json:"Value"`
}

// lambdaEvent is the event a function subscribed to a topic receives.
type lambdaEvent struct {
	Records []lambdaRecord `json:"Records"`
}

type lambdaRecord struct {
	EventSource          string    `json:"EventSource"`
	EventVersion         string    `json:"EventVersion"`
	EventSubscriptionArn string    `json:"EventSubscriptionArn"`
	Sns                  lambdaSns `json:"Sns"`
}

type lambdaSns struct {
	Type              string                  `json:"Type"`
	MessageId         string                  `json:"MessageId"`
	TopicArn          string                  `json:"TopicArn"`
	Subject           *string                 `json:"Subject"`
	Message           string                  `json:"Message"`
	Timestamp         string                  `json:"Timestamp"`
	SignatureVersion  string                  `json:"SignatureVersion"`
	Signature         string                  `json:"Signature"`
	SigningCertUrl    string                  `json:"SigningCertUrl"`
	UnsubscribeUrl    string                  `json:"UnsubscribeUrl"`
	MessageAttributes map[string]envelopeAttr `json:"MessageAttributes"`
}

// bodyFor is the message a protocol receives: with MessageStructure json,
// the protocol's own entry or the default one.
func (m *message) bodyFor(protocol string) string {
	if m.Structure != "json" {
		return m.Body
	}
	var per map[string]any
	if json.Unmarshal([]byte(m.Body), &per) != nil {
		return m.Body
	}
	if s, ok := per[protocol].(string); ok {
		return s
	}
	s, _ := per["default"].(string)
	return s
}

// checkStructure applies Publish's rules to a MessageStructure and body.
func checkStructure(structure *string, body string) error {
	if structure == nil {
		return nil
	}
	if *structure != "json" {
		return invalid("MessageStructure")
	}
	var per map[string]any
	if err := json.Unmarshal([]byte(body), &per); err != nil {
		return invalid("Message Structure - JSON message body failed to parse")
	}
	if _, ok := per["default"].(string); !ok {
		return invalid("Message Structure - No default entry in JSON message body")
	}
	return nil
}

// envelopeAttrs maps message attributes as envelopes carry them.
func envelopeAttrs(attrs map[string]attribute) map[string]envelopeAttr {
	out := make(map[string]envelopeAttr, len(attrs))
	for name, a := range attrs {
		v := a.StringValue
		if strings.HasPrefix(a.DataType, "Binary") {
			v = base64.StdEncoding.EncodeToString(a.BinaryValue)
		}
		out[name] = envelopeAttr{Type: a.DataType, Value: v}
	}
	return out
}

// signedNotification is a notification's signature and the links every
// envelope of it carries.
type signedNotification struct {
	version, signature, certURL string
}

// signNotification signs m with body for the topic's SignatureVersion.
func (t *Topics) signNotification(tp *topic, m *message, body string) signedNotification {
	fields := [][2]string{{"Message", body}, {"MessageId", m.ID}}
	if m.Subject != "" {
		fields = append(fields, [2]string{"Subject", m.Subject})
	}
	fields = append(fields, [2]string{"Timestamp", m.Timestamp.Format(timeFormat)}, [2]string{"TopicArn", m.Topic},
		[2]string{"Type", typeNotification})
	v := tp.signatureVersion()
	return signedNotification{version: v, signature: t.signer.sign(v, fields), certURL: t.certURL()}
}

func (t *Topics) certURL() string { return t.endpoint() + sitePath + t.signer.certName }

// unsubscribeURL is the link that deletes a subscription.
func (t *Topics) unsubscribeURL(subARN string) string {
	return t.endpoint() + sitePath + "?" + url.Values{"Action": {"Unsubscribe"}, "SubscriptionArn": {subARN}}.Encode()
}

// subscribeURL is the link that confirms a subscription.
func (t *Topics) subscribeURL(s *subscription) string {
	return t.endpoint() + sitePath + "?" + url.Values{"Action": {"ConfirmSubscription"}, "TopicArn": {s.Ref.Topic.ARN()},
		"Token": {s.Token}}.Encode()
}

// notificationEnvelope is m as an envelope for subscription s.
func (t *Topics) notificationEnvelope(m *message, body string, sig signedNotification, s *subscription) []byte {
	return marshal(envelope{
		Type: typeNotification, MessageId: m.ID, SequenceNumber: m.Sequence, TopicArn: m.Topic, Subject: m.Subject, Message: body,
		Timestamp: m.Timestamp.Format(timeFormat), SignatureVersion: sig.version, Signature: sig.signature,
		SigningCertURL: sig.certURL, UnsubscribeURL: t.unsubscribeURL(s.Ref.ARN()), MessageAttributes: envelopeAttrs(m.Attributes),
	})
}

// lambdaPayload is m as the event of a function subscribed by s.
func (t *Topics) lambdaPayload(m *message, body string, sig signedNotification, s *subscription) []byte {
	var subject *string
	if m.Subject != "" {
		subject = &m.Subject
	}
	return marshal(lambdaEvent{Records: []lambdaRecord{{
		EventSource: "aws:sns", EventVersion: "1.0", EventSubscriptionArn: s.Ref.ARN(),
		Sns: lambdaSns{
			Type: typeNotification, MessageId: m.ID, TopicArn: m.Topic, Subject: subject, Message: body,
			Timestamp: m.Timestamp.Format(timeFormat), SignatureVersion: sig.version, Signature: sig.signature,
			SigningCertUrl: sig.certURL, UnsubscribeUrl: t.unsubscribeURL(s.Ref.ARN()), MessageAttributes: envelopeAttrs(m.Attributes),
		},
	}}})
}

// marshal writes JSON as AWS does, without escaping <, > and &.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
