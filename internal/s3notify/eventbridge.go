package s3notify

import (
	"encoding/json"
	"time"

	"github.com/virga-dev/virga/internal/objects"
	"github.com/virga-dev/virga/internal/targets"
)

// eventBridgeKinds are the detail type and reason of each event S3 sends
// to EventBridge.
var eventBridgeKinds = map[string]struct{ detailType, reason, deletion string }{
	"ObjectCreated:Put":                     {"Object Created", "PutObject", ""},
	"ObjectCreated:Post":                    {"Object Created", "POST Object", ""},
	"ObjectCreated:Copy":                    {"Object Created", "CopyObject", ""},
	"ObjectCreated:CompleteMultipartUpload": {"Object Created", "CompleteMultipartUpload", ""},
	"ObjectRemoved:Delete":                  {"Object Deleted", "DeleteObject", "Permanently Deleted"},
	"ObjectRemoved:DeleteMarkerCreated":     {"Object Deleted", "DeleteObject", "Delete Marker Created"},
	"ObjectTagging:Put":                     {"Object Tags Added", "PutObjectTagging", ""},
	"ObjectTagging:Delete":                  {"Object Tags Deleted", "DeleteObjectTagging", ""},
}

// busDetail is the detail of S3's EventBridge events.
type busDetail struct {
	Version string `json:"version"`
	Bucket  struct {
		Name string `json:"name"`
	} `json:"bucket"`
	Object struct {
		Key       string `json:"key"`
		Size      *int64 `json:"size,omitempty"`
		ETag      string `json:"etag,omitempty"`
		VersionID string `json:"version-id,omitempty"`
		Sequencer string `json:"sequencer,omitempty"`
	} `json:"object"`
	RequestID    string `json:"request-id"`
	Requester    string `json:"requester"`
	SourceIP     string `json:"source-ip-address"`
	Reason       string `json:"reason,omitempty"`
	DeletionType string `json:"deletion-type,omitempty"`
}

// busEntryOf is the EventBridge event of ev, if S3 sends one for it;
// requester is the account that made the change.
func busEntryOf(ev objects.Event, requester string) ([]byte, bool) {
	kind, ok := eventBridgeKinds[ev.Name]
	if !ok {
		return nil, false
	}
	d := busDetail{Version: "0", RequestID: ev.RequestID, Requester: requester, SourceIP: ev.SourceIP,
		Reason: kind.reason, DeletionType: kind.deletion}
	d.Bucket.Name = ev.Bucket
	d.Object.Key, d.Object.VersionID, d.Object.Sequencer = ev.Key, ev.VersionID, ev.Sequencer
	if kind.detailType == "Object Created" {
		size := ev.Size
		d.Object.Size, d.Object.ETag = &size, ev.ETag
	}
	detail, _ := json.Marshal(d)
	data, _ := json.Marshal(targets.BusEntry{Source: "aws.s3", DetailType: kind.detailType, Detail: string(detail),
		Resources: []string{bucketARN(ev.Bucket)}, Time: ev.Time.UTC().Format(time.RFC3339)})
	return data, true
}
