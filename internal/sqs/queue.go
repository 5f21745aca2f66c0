package sqs

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
)

// queue is a queue's record in the queues bucket.
type queue struct {
	// ID names the queue's stream; a queue deleted and made again gets a
	// new one, and with it an empty stream.
	ID       string            `json:"id"`
	Account  string            `json:"account"`
	Name     string            `json:"name"`
	Created  int64             `json:"created"`
	Modified int64             `json:"modified"`
	Attrs    map[string]string `json:"attrs"`
	Tags     map[string]string `json:"tags,omitempty"`
}

func (q *queue) fifo() bool { return q.Attrs["FifoQueue"] == "true" }

func (q *queue) seconds(name string) time.Duration {
	n, _ := strconv.Atoi(q.Attrs[name])
	return time.Duration(n) * time.Second
}

func (q *queue) visibility() time.Duration { return q.seconds("VisibilityTimeout") }
func (q *queue) retention() time.Duration  { return q.seconds("MessageRetentionPeriod") }
func (q *queue) delay() time.Duration      { return q.seconds("DelaySeconds") }

func (q *queue) maxSize() int {
	n, _ := strconv.Atoi(q.Attrs["MaximumMessageSize"])
	return n
}

// redrive is a queue's RedrivePolicy.
type redrive struct {
	DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	MaxReceiveCount     int    `json:"maxReceiveCount"`
}

func (q *queue) redrive() (redrive, bool) {
	var r redrive
	p := q.Attrs["RedrivePolicy"]
	if p == "" || json.Unmarshal([]byte(p), &r) != nil || r.DeadLetterTargetArn == "" {
		return r, false
	}
	return r, true
}

// defaultAttributes are a new queue's attributes.
func defaultAttributes(fifo bool) map[string]string {
	a := map[string]string{
		"VisibilityTimeout":             "30",
		"MaximumMessageSize":            "1048576",
		"MessageRetentionPeriod":        "345600",
		"DelaySeconds":                  "0",
		"ReceiveMessageWaitTimeSeconds": "0",
		"SqsManagedSseEnabled":          "true",
	}
	if fifo {
		a["FifoQueue"] = "true"
		a["ContentBasedDeduplication"] = "false"
		a["DeduplicationScope"] = "queue"
		a["FifoThroughputLimit"] = "perQueue"
	}
	return a
}

// integerAttributes are the attributes whose values are integers in a
// range.
var integerAttributes = map[string][2]int{
	"VisibilityTimeout":             {0, 43200},
	"MaximumMessageSize":            {1024, 1048576},
	"MessageRetentionPeriod":        {60, 1209600},
	"DelaySeconds":                  {0, 900},
	"ReceiveMessageWaitTimeSeconds": {0, 20},
	"KmsDataKeyReusePeriodSeconds":  {60, 86400},
}

// settable are the attributes CreateQueue and SetQueueAttributes accept;
// fifoOnly only on FIFO queues.
var settable = map[string]bool{
	"VisibilityTimeout": true, "MaximumMessageSize": true, "MessageRetentionPeriod": true, "DelaySeconds": true,
	"ReceiveMessageWaitTimeSeconds": true, "Policy": true, "RedrivePolicy": true, "RedriveAllowPolicy": true,
	"KmsMasterKeyId": true, "KmsDataKeyReusePeriodSeconds": true, "SqsManagedSseEnabled": true,
	"FifoQueue": true, "ContentBasedDeduplication": true, "DeduplicationScope": true, "FifoThroughputLimit": true,
}

var fifoOnly = map[string]bool{"ContentBasedDeduplication": true, "DeduplicationScope": true, "FifoThroughputLimit": true}

// readOnly are the attributes GetQueueAttributes reports but nobody sets.
var readOnly = map[string]bool{
	"ApproximateNumberOfMessages": true, "ApproximateNumberOfMessagesNotVisible": true,
	"ApproximateNumberOfMessagesDelayed": true, "CreatedTimestamp": true, "LastModifiedTimestamp": true, "QueueArn": true,
}

var queueNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// checkName checks a queue name: up to 80 characters, ".fifo" at the end
// of FIFO queues' names.
func checkName(name string, fifo bool) error {
	base := name
	if fifo {
		if !strings.HasSuffix(name, ".fifo") {
			return invalidParameter("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
		}
		base = strings.TrimSuffix(name, ".fifo")
	}
	if len(name) > 80 || !queueNameRE.MatchString(base) {
		return invalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
	}
	return nil
}

// checkAttributes checks attributes to set on a queue that is FIFO or
// not; creating tells CreateQueue from SetQueueAttributes.
func checkAttributes(attrs map[string]string, fifo, creating bool) error {
	for name, v := range attrs {
		switch {
		case readOnly[name] || !settable[name]:
			return aws.Errorf(ErrInvalidAttributeName, "Unknown Attribute %s.", name)
		case name == "FifoQueue" && !creating:
			return invalidAttributeValue(name)
		case name == "FifoQueue" && v != "true" && v != "false":
			return invalidAttributeValue(name)
		case fifoOnly[name] && !fifo:
			return aws.Errorf(ErrInvalidAttributeName, "Unknown Attribute %s.", name)
		}
		if err := checkValue(name, v); err != nil {
			return err
		}
	}
	return nil
}

func checkValue(name, v string) error {
	if r, ok := integerAttributes[name]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < r[0] || n > r[1] {
			return invalidAttributeValue(name)
		}
		return nil
	}
	switch name {
	case "ContentBasedDeduplication", "SqsManagedSseEnabled":
		if v != "true" && v != "false" {
			return invalidAttributeValue(name)
		}
	case "DeduplicationScope":
		if v != "queue" && v != "messageGroup" {
			return invalidAttributeValue(name)
		}
	case "FifoThroughputLimit":
		if v != "perQueue" && v != "perMessageGroupId" {
			return invalidAttributeValue(name)
		}
	case "Policy":
		if v != "" && !json.Valid([]byte(v)) {
			return invalidAttributeValue(name)
		}
	case "RedriveAllowPolicy":
		return checkRedriveAllow(v)
	case "RedrivePolicy":
		return checkRedrive(v)
	}
	return nil
}

func checkRedrive(v string) error {
	if v == "" {
		return nil
	}
	var r struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		MaxReceiveCount     any    `json:"maxReceiveCount"`
	}
	if json.Unmarshal([]byte(v), &r) != nil {
		return aws.Errorf(ErrInvalidAttributeValue, "Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.")
	}
	if r.DeadLetterTargetArn == "" || r.MaxReceiveCount == nil {
		return aws.Errorf(ErrInvalidAttributeValue, "Value %s for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: %s.", v, missingRedrive(r.DeadLetterTargetArn))
	}
	n, ok := redriveCount(r.MaxReceiveCount)
	if !ok || n < 1 || n > 1000 {
		return aws.Errorf(ErrInvalidAttributeValue, "Value %s for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: %v, valid values are from 1 to 1000 both inclusive.", v, r.MaxReceiveCount)
	}
	return nil
}

func missingRedrive(target string) string {
	if target == "" {
		return "deadLetterTargetArn"
	}
	return "maxReceiveCount"
}

// redriveCount reads maxReceiveCount, which clients send as a number or a
// string.
func redriveCount(v any) (int, bool) {
	switch n := v.(type) {
	case float64:
		return int(n), n == float64(int(n))
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}

// normalizeRedrive stores maxReceiveCount as a number, as AWS shows it.
func normalizeRedrive(attrs map[string]string) {
	v, ok := attrs["RedrivePolicy"]
	if !ok || v == "" {
		return
	}
	var r struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		MaxReceiveCount     any    `json:"maxReceiveCount"`
	}
	_ = json.Unmarshal([]byte(v), &r)
	n, _ := redriveCount(r.MaxReceiveCount)
	data, _ := json.Marshal(redrive{DeadLetterTargetArn: r.DeadLetterTargetArn, MaxReceiveCount: n})
	attrs["RedrivePolicy"] = string(data)
}

func invalidAttributeValue(name string) error {
	return aws.Errorf(ErrInvalidAttributeValue, "Invalid value for the parameter %s.", name)
}

func invalidParameter(format string, args ...any) error {
	return aws.Errorf(aws.ErrInvalid, format, args...)
}

// checkRedriveAllow checks a RedriveAllowPolicy: a permission of allowAll,
// denyAll or byQueue, and with byQueue one to ten source queue ARNs.
func checkRedriveAllow(v string) error {
	if v == "" {
		return nil
	}
	var p redriveAllow
	if json.Unmarshal([]byte(v), &p) != nil {
		return aws.Errorf(ErrInvalidAttributeValue, "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it’s in an unsupported format.")
	}
	switch {
	case p.RedrivePermission != "allowAll" && p.RedrivePermission != "denyAll" && p.RedrivePermission != "byQueue":
		return aws.Errorf(ErrInvalidAttributeValue, "Invalid value for the parameter RedriveAllowPolicy. Reason: Invalid value for redrivePermission: %s.", p.RedrivePermission)
	case p.RedrivePermission == "byQueue" && (len(p.SourceQueueArns) == 0 || len(p.SourceQueueArns) > 10):
		return aws.Errorf(ErrInvalidAttributeValue, "Invalid value for the parameter RedriveAllowPolicy. Reason: sourceQueueArns must list 1 to 10 queues when redrivePermission is byQueue.")
	case p.RedrivePermission != "byQueue" && len(p.SourceQueueArns) > 0:
		return aws.Errorf(ErrInvalidAttributeValue, "Invalid value for the parameter RedriveAllowPolicy. Reason: sourceQueueArns can be given only when redrivePermission is byQueue.")
	}
	return nil
}
