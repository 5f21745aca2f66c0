package s3notify

import (
	"errors"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
)

const (
	account   = "123456789012"
	fnARN     = "arn:aws:lambda:us-east-1:123456789012:function:resize"
	queueARN  = "arn:aws:sqs:us-east-1:123456789012:uploads"
	topicARN  = "arn:aws:sns:us-east-1:123456789012:uploads"
	openTag   = `<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`
	closeTag  = `</NotificationConfiguration>`
	createdFn = `<CloudFunctionConfiguration><Id>fn</Id><CloudFunction>` + fnARN + `</CloudFunction><Event>s3:ObjectCreated:*</Event>`
)

func filter(rules ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(rules); i += 2 {
		b.WriteString("<FilterRule><Name>" + rules[i] + "</Name><Value>" + rules[i+1] + "</Value></FilterRule>")
	}
	return "<Filter><S3Key>" + b.String() + "</S3Key></Filter>"
}

func functionConfig(event string, rules ...string) string {
	return `<CloudFunctionConfiguration><CloudFunction>` + fnARN + `</CloudFunction><Event>` + event + `</Event>` +
		filter(rules...) + `</CloudFunctionConfiguration>`
}

func queueConfig(event string, rules ...string) string {
	return `<QueueConfiguration><Queue>` + queueARN + `</Queue><Event>` + event + `</Event>` + filter(rules...) + `</QueueConfiguration>`
}

func TestParseAndCheck(t *testing.T) {
	const overlap = "Configurations overlap. Configurations on the same bucket cannot share a common event type."
	cases := []struct {
		name, body string
		code, msg  string // "" for success
	}{
		{"Empty", openTag + closeTag, "", ""},
		{"OneOfEach", openTag + createdFn + `</CloudFunctionConfiguration>` + queueConfig("s3:ObjectRemoved:*") +
			`<TopicConfiguration><Topic>` + topicARN + `</Topic><Event>s3:ObjectTagging:Put</Event></TopicConfiguration>` +
			`<EventBridgeConfiguration/>` + closeTag, "", ""},
		{"NotXML", "<Notif", "MalformedXML", ""},
		{"OtherRoot", "<Foo/>", "MalformedXML", ""},
		{"NoEvents", openTag + `<QueueConfiguration><Queue>` + queueARN + `</Queue></QueueConfiguration>` + closeTag, "MalformedXML", ""},
		{"WrongDestinationElement", openTag + `<QueueConfiguration><Topic>` + topicARN + `</Topic><Event>s3:ObjectCreated:*</Event></QueueConfiguration>` + closeTag, "MalformedXML", ""},
		{"UnknownEvent", openTag + functionConfig("s3:ObjectCreated:Bogus") + closeTag, "InvalidArgument", "The event is not supported for notifications"},
		{"QueueARNForFunction", openTag + `<CloudFunctionConfiguration><CloudFunction>` + queueARN + `</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration>` + closeTag,
			"InvalidArgument", "The ARN could not be parsed"},
		{"BadRuleName", openTag + functionConfig("s3:ObjectCreated:*", "infix", "a") + closeTag, "InvalidArgument", "filter rule name must be either prefix or suffix"},
		{"TwoPrefixes", openTag + functionConfig("s3:ObjectCreated:*", "prefix", "a", "Prefix", "b") + closeTag, "InvalidArgument", "Cannot specify more than one prefix rule in a filter."},
		{"LongValue", openTag + functionConfig("s3:ObjectCreated:*", "suffix", strings.Repeat("x", 1025)) + closeTag, "InvalidArgument", "Size of filter rule value cannot exceed 1024 bytes in UTF-8 representation"},
		{"SameEventNoFilters", openTag + functionConfig("s3:ObjectCreated:Put") + queueConfig("s3:ObjectCreated:Put") + closeTag, "InvalidArgument", overlap},
		{"WildcardCoversType", openTag + functionConfig("s3:ObjectCreated:*") + queueConfig("s3:ObjectCreated:Copy") + closeTag, "InvalidArgument", overlap},
		{"NestedPrefixes", openTag + functionConfig("s3:ObjectCreated:*", "prefix", "images/") + queueConfig("s3:ObjectCreated:*", "prefix", "images/raw/") + closeTag, "InvalidArgument", overlap},
		{"SameSuffixOneWithPrefix", openTag + functionConfig("s3:ObjectCreated:*", "suffix", ".jpg") + queueConfig("s3:ObjectCreated:*", "prefix", "a/", "suffix", ".jpg") + closeTag, "InvalidArgument", overlap},
		{"DisjointPrefixes", openTag + functionConfig("s3:ObjectCreated:*", "prefix", "images/") + queueConfig("s3:ObjectCreated:*", "prefix", "videos/") + closeTag, "", ""},
		{"DisjointSuffixes", openTag + functionConfig("s3:ObjectCreated:*", "suffix", ".jpg") + queueConfig("s3:ObjectCreated:*", "suffix", ".png") + closeTag, "", ""},
		{"DifferentTypes", openTag + functionConfig("s3:ObjectCreated:*") + queueConfig("s3:ObjectRemoved:*") + closeTag, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.body))
			if err == nil {
				err = c.Check()
			}
			if tc.code == "" {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				return
			}
			var e *aws.Error
			if !errors.As(err, &e) || e.Code != tc.code || (tc.msg != "" && e.Message != tc.msg) {
				t.Fatalf("error %v, want %s %q", err, tc.code, tc.msg)
			}
		})
	}
}

func TestCheckNormalizes(t *testing.T) {
	c, err := Parse([]byte(openTag + functionConfig("s3:ObjectCreated:*", "prefix", "in/", "SUFFIX", ".jpg") + closeTag))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	got := string(c.Document())
	for _, want := range []string{`<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`,
		`<Name>Prefix</Name><Value>in/</Value>`, `<Name>Suffix</Name><Value>.jpg</Value>`, "<CloudFunction>" + fnARN + "</CloudFunction>"} {
		if !strings.Contains(got, want) {
			t.Errorf("document %s lacks %s", got, want)
		}
	}
	if c.Functions[0].ID == "" {
		t.Error("no id given")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(openTag + functionConfig("s3:ObjectCreated:*", "prefix", "a") + queueConfig("s3:ObjectRemoved:*") + closeTag))
	f.Add([]byte(openTag + `<EventBridgeConfiguration/>` + closeTag))
	f.Add([]byte("<NotificationConfiguration><TopicConfiguration><Topic>x</Topic><Event>e</Event></TopicConfiguration></NotificationConfiguration>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := Parse(body)
		if err != nil {
			return
		}
		if err := c.Check(); err != nil {
			return
		}
		again, err := Parse(c.Document())
		if err != nil {
			t.Fatalf("a checked configuration does not parse back: %v\n%s", err, c.Document())
		}
		if err := again.Check(); err != nil {
			t.Fatalf("a checked configuration fails its check again: %v", err)
		}
	})
}
