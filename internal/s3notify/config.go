package s3notify

import (
	"encoding/xml"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// xmlNamespace is S3's; Get answers in it.
const xmlNamespace = "http://s3.amazonaws.com/doc/2006-03-01/"

// Configuration is a bucket's NotificationConfiguration, as S3's model
// spells it in XML (and as it is stored, in JSON).
type Configuration struct {
	XMLName     xml.Name     `xml:"NotificationConfiguration" json:"-"`
	Namespace   string       `xml:"xmlns,attr,omitempty" json:"-"`
	Topics      []Target     `xml:"TopicConfiguration" json:",omitempty"`
	Queues      []Target     `xml:"QueueConfiguration" json:",omitempty"`
	Functions   []Target     `xml:"CloudFunctionConfiguration" json:",omitempty"`
	EventBridge *EventBridge `xml:"EventBridgeConfiguration" json:",omitempty"`
}

// Target is one configuration: a destination, its events and its filter.
// Exactly one of Topic, Queue and Function is set, as the list it is in
// says.
type Target struct {
	ID       string   `xml:"Id"`
	Topic    string   `xml:"Topic,omitempty" json:",omitempty"`
	Queue    string   `xml:"Queue,omitempty" json:",omitempty"`
	Function string   `xml:"CloudFunction,omitempty" json:",omitempty"`
	Events   []string `xml:"Event"`
	Filter   *Filter  `xml:"Filter,omitempty" json:",omitempty"`
}

// Filter selects objects by key.
type Filter struct {
	Key struct {
		Rules []FilterRule `xml:"FilterRule"`
	} `xml:"S3Key"`
}

// FilterRule is a prefix or a suffix of the (URL-encoded) key.
type FilterRule struct {
	Name  string `xml:"Name"`
	Value string `xml:"Value"`
}

// EventBridge, when present, sends every event to the account's default
// event bus.
type EventBridge struct{}

// malformedXML is S3's answer to a body that is not a configuration.
var malformedXML = &aws.Error{Kind: aws.ErrMalformed, Code: "MalformedXML",
	Message: "The XML you provided was not well-formed or did not validate against our published schema"}

// Parse reads a NotificationConfiguration document. It checks the shape
// only (one destination per configuration, events present); Check applies
// S3's rules.
func Parse(body []byte) (Configuration, error) {
	var c Configuration
	if err := xml.Unmarshal(body, &c); err != nil {
		return Configuration{}, malformedXML
	}
	if !wellFormed(c.Topics, Target.topic) || !wellFormed(c.Queues, Target.queue) || !wellFormed(c.Functions, Target.function) {
		return Configuration{}, malformedXML
	}
	return c, nil
}

// wellFormed tells whether every configuration of a list names the
// destination the list is for, and no other, and has events.
func wellFormed(list []Target, dest func(Target) string) bool {
	for _, t := range list {
		if dest(t) == "" || dest(t) != t.arn() || len(t.Events) == 0 {
			return false
		}
	}
	return true
}

// Document is the configuration as Get answers it.
func (c Configuration) Document() []byte {
	c.Namespace = xmlNamespace
	data, _ := xml.Marshal(c)
	return append([]byte(xml.Header), data...)
}

// targets are every configuration, topics first, then queues, then
// functions.
func (c Configuration) targets() []Target {
	all := make([]Target, 0, len(c.Topics)+len(c.Queues)+len(c.Functions))
	all = append(all, c.Topics...)
	all = append(all, c.Queues...)
	return append(all, c.Functions...)
}

// arn is the destination.
func (t Target) arn() string { return t.Topic + t.Queue + t.Function }

func (t Target) topic() string    { return t.Topic }
func (t Target) queue() string    { return t.Queue }
func (t Target) function() string { return t.Function }

// prefix and suffix are the filter's rules ("" when it has none).
func (t Target) prefix() string { return t.rule("prefix") }
func (t Target) suffix() string { return t.rule("suffix") }

func (t Target) rule(name string) string {
	if t.Filter == nil {
		return ""
	}
	for _, r := range t.Filter.Key.Rules {
		if strings.EqualFold(r.Name, name) {
			return r.Value
		}
	}
	return ""
}
