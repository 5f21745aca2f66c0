package s3notify

import (
	"encoding/json"
	"strings"

	"github.com/virga-dev/virga/internal/objects"
)

// record is one entry of an event's "Records", as S3 writes it.
type record struct {
	EventVersion      string   `json:"eventVersion"`
	EventSource       string   `json:"eventSource"`
	AWSRegion         string   `json:"awsRegion"`
	EventTime         string   `json:"eventTime"`
	EventName         string   `json:"eventName"`
	UserIdentity      identity `json:"userIdentity"`
	RequestParameters struct {
		SourceIPAddress string `json:"sourceIPAddress"`
	} `json:"requestParameters"`
	ResponseElements struct {
		RequestID string `json:"x-amz-request-id"`
		HostID    string `json:"x-amz-id-2"`
	} `json:"responseElements"`
	S3 entity `json:"s3"`
}

type identity struct {
	PrincipalID string `json:"principalId"`
}

type entity struct {
	SchemaVersion   string `json:"s3SchemaVersion"`
	ConfigurationID string `json:"configurationId"`
	Bucket          struct {
		Name          string   `json:"name"`
		OwnerIdentity identity `json:"ownerIdentity"`
		ARN           string   `json:"arn"`
	} `json:"bucket"`
	Object object `json:"object"`
}

// object omits size and eTag for removals, and versionId for unversioned
// buckets, as S3 does.
type object struct {
	Key       string `json:"key"`
	Size      *int64 `json:"size,omitempty"`
	ETag      string `json:"eTag,omitempty"`
	VersionID string `json:"versionId,omitempty"`
	Sequencer string `json:"sequencer"`
}

// timeFormat is ISO 8601 in UTC with milliseconds.
const timeFormat = "2006-01-02T15:04:05.000Z"

// bucketARN is a bucket's ARN.
func bucketARN(bucket string) string { return "arn:aws:s3:::" + bucket }

// recordsOf is the {"Records":[…]} document of ev for one configuration;
// owner is the bucket owner's id.
func recordsOf(ev objects.Event, configID, owner string) []byte {
	r := record{EventVersion: "2.1", EventSource: "aws:s3", AWSRegion: ev.Region, EventTime: ev.Time.UTC().Format(timeFormat),
		EventName: ev.Name, UserIdentity: identity{ev.Principal}}
	r.RequestParameters.SourceIPAddress = ev.SourceIP
	r.ResponseElements.RequestID, r.ResponseElements.HostID = ev.RequestID, ev.HostID
	r.S3.SchemaVersion, r.S3.ConfigurationID = "1.0", configID
	r.S3.Bucket.Name, r.S3.Bucket.OwnerIdentity, r.S3.Bucket.ARN = ev.Bucket, identity{owner}, bucketARN(ev.Bucket)
	r.S3.Object = object{Key: EncodeKey(ev.Key), VersionID: ev.VersionID, Sequencer: ev.Sequencer}
	if !removal(ev.Name) {
		size := ev.Size
		r.S3.Object.Size, r.S3.Object.ETag = &size, ev.ETag
	}
	data, _ := json.Marshal(struct {
		Records []record `json:"Records"`
	}{[]record{r}})
	return data
}

func removal(name string) bool { return strings.HasPrefix(name, "ObjectRemoved:") }
