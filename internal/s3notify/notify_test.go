package s3notify

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/virga-dev/virga/internal/async"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/objects"
	"github.com/virga-dev/virga/internal/targets"
)

func TestEncodeKey(t *testing.T) {
	for key, want := range map[string]string{
		"photo.jpg":               "photo.jpg",
		"my photos/day 1.jpg":     "my+photos/day+1.jpg",
		"a+b=c:d(1)&e,f?g#h~i'j%": "a%2Bb%3Dc%3Ad%281%29%26e%2Cf%3Fg%23h%7Ei%27j%25",
		"été/日本.txt":              "%C3%A9t%C3%A9/%E6%97%A5%E6%9C%AC.txt",
		"keep-._*":                "keep-._*",
	} {
		if got := EncodeKey(key); got != want {
			t.Errorf("EncodeKey(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestSelects(t *testing.T) {
	target := func(events []string, rules ...string) Target {
		t := Target{Events: events, Filter: &Filter{}}
		for i := 0; i+1 < len(rules); i += 2 {
			t.Filter.Key.Rules = append(t.Filter.Key.Rules, FilterRule{Name: rules[i], Value: rules[i+1]})
		}
		return t
	}
	cases := []struct {
		name   string
		target Target
		event  string
		key    string
		want   bool
	}{
		{"Wildcard", target([]string{"s3:ObjectCreated:*"}), "ObjectCreated:CompleteMultipartUpload", "k", true},
		{"OtherFamily", target([]string{"s3:ObjectCreated:*"}), "ObjectRemoved:Delete", "k", false},
		{"Exact", target([]string{"s3:ObjectRemoved:Delete"}), "ObjectRemoved:Delete", "k", true},
		{"ExactOther", target([]string{"s3:ObjectRemoved:Delete"}), "ObjectRemoved:DeleteMarkerCreated", "k", false},
		{"SecondEvent", target([]string{"s3:ObjectRemoved:*", "s3:ObjectCreated:Put"}), "ObjectCreated:Put", "k", true},
		{"PrefixAndSuffix", target([]string{"s3:ObjectCreated:*"}, "Prefix", "in/", "Suffix", ".jpg"), "ObjectCreated:Put", "in/a.jpg", true},
		{"WrongPrefix", target([]string{"s3:ObjectCreated:*"}, "Prefix", "in/"), "ObjectCreated:Put", "out/a.jpg", false},
		{"WrongSuffix", target([]string{"s3:ObjectCreated:*"}, "Suffix", ".jpg"), "ObjectCreated:Put", "in/a.png", false},
		{"EncodedPrefix", target([]string{"s3:ObjectCreated:*"}, "Prefix", "my+photos/"), "ObjectCreated:Put", "my photos/a.jpg", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.target.selects(tc.event, EncodeKey(tc.key)); got != tc.want {
				t.Errorf("selects = %v", got)
			}
		})
	}
}

var put = objects.Event{
	Name: "ObjectCreated:Put", Region: "us-east-1", Bucket: "uploads", Key: "in/my photo é.jpg", Size: 1024,
	ETag: "d41d8cd98f00b204e9800998ecf8427e", Sequencer: "0055AED6DCD90281E5",
	Time:      time.Date(2026, 12, 7, 4, 5, 6, 789e6, time.UTC),
	Principal: "AWS:AIDAEXAMPLE", SourceIP: "127.0.0.1", RequestID: "C3D13FE58DE4C810", HostID: "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD",
}

func TestRecord(t *testing.T) {
	want := `{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-12-07T04:05:06.789Z",` +
		`"eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},` +
		`"responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},` +
		`"s3":{"s3SchemaVersion":"1.0","configurationId":"fn","bucket":{"name":"uploads","ownerIdentity":{"principalId":"123456789012"},"arn":"arn:aws:s3:::uploads"},` +
		`"object":{"key":"in/my+photo+%C3%A9.jpg","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}]}`
	if got := string(recordsOf(put, "fn", account)); got != want {
		t.Errorf("record\n got %s\nwant %s", got, want)
	}
	del := put
	del.Name, del.VersionID = "ObjectRemoved:Delete", "v1"
	var doc struct{ Records []record }
	if err := json.Unmarshal(recordsOf(del, "fn", account), &doc); err != nil {
		t.Fatal(err)
	}
	if o := doc.Records[0].S3.Object; o.Size != nil || o.ETag != "" || o.VersionID != "v1" {
		t.Errorf("removal's object %+v", o)
	}
}

func newNotifications(w world) (*Notifications, *queue) {
	q := &queue{}
	return New(Config{Region: "us-east-1", Account: account}, &memKV{}, q, Destinations{Functions: w, Queues: w, Topics: w}), q
}

func TestPutValidatesDestinations(t *testing.T) {
	n, q := newNotifications(world{exists: map[string]bool{}})
	body := openTag + functionConfig("s3:ObjectCreated:*", "prefix", "a/") + queueConfig("s3:ObjectCreated:*", "prefix", "b/") + closeTag
	err := n.Put(context.Background(), "uploads", []byte(body))
	e, ok := aws.As(err)
	if !ok || e.Code != "InvalidArgument" || e.Message != "Unable to validate the following destination configurations" {
		t.Fatalf("error %v", err)
	}
	want := []aws.Member{
		{Name: "ArgumentName1", Value: queueARN}, {Name: "ArgumentValue1", Value: "The destination queue does not exist"},
		{Name: "ArgumentName2", Value: fnARN + ", null"}, {Name: "ArgumentValue2", Value: "Not authorized to invoke function [" + fnARN + "]"},
	}
	if diff := cmp.Diff(want, e.Members); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	if ds := q.take(); len(ds) != 0 {
		t.Errorf("a refused configuration sent %d deliveries", len(ds))
	}
	if doc, _ := n.Get(context.Background(), "uploads"); string(doc) != `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+openTag+closeTag {
		t.Errorf("a refused configuration was stored: %s", doc)
	}
}

func TestPutAndNotify(t *testing.T) {
	ctx := context.Background()
	w := world{allowed: map[string]bool{"resize@arn:aws:s3:::uploads": true}, exists: map[string]bool{queueARN: true, topicARN: true}}
	n, q := newNotifications(w)
	body := openTag + functionConfig("s3:ObjectCreated:*", "prefix", "in/", "suffix", ".jpg") + queueConfig("s3:ObjectRemoved:*") +
		`<TopicConfiguration><Id>t</Id><Topic>` + topicARN + `</Topic><Event>s3:ObjectCreated:Copy</Event>` + filter("prefix", "copies/") + `</TopicConfiguration>` +
		`<EventBridgeConfiguration></EventBridgeConfiguration>` + closeTag
	if err := n.Put(ctx, "uploads", []byte(body)); err != nil {
		t.Fatal(err)
	}
	tests := q.take()
	if len(tests) != 2 || tests[0].Target.Name != topicARN || tests[1].Target.Name != queueARN {
		t.Fatalf("test events %+v", tests)
	}
	var te testEvent
	if err := json.Unmarshal(tests[1].Payload, &te); err != nil || te.Event != "s3:TestEvent" || te.Service != "Amazon S3" || te.Bucket != "uploads" {
		t.Errorf("test event %s", tests[1].Payload)
	}
	t.Run("FunctionAndEventBridge", func(t *testing.T) {
		if err := n.Notify(ctx, put); err != nil {
			t.Fatal(err)
		}
		ds := q.take()
		if len(ds) != 2 || ds[0].Target.Kind != targets.KindFunction || ds[0].Target.Name != fnARN || ds[1].Target.Kind != targets.KindBus {
			t.Fatalf("deliveries %+v", ds)
		}
		if a := ds[0].Attributes; a[async.AttrSourcePrincipal] != "s3.amazonaws.com" || a[async.AttrSourceArn] != "arn:aws:s3:::uploads" || a[async.AttrSourceAccount] != account {
			t.Errorf("function attributes %v", a)
		}
		var entry targets.BusEntry
		if err := json.Unmarshal(ds[1].Payload, &entry); err != nil || entry.Source != "aws.s3" || entry.DetailType != "Object Created" ||
			ds[1].Target.Name != "arn:aws:events:us-east-1:123456789012:event-bus/default" {
			t.Errorf("bus entry %s to %s", ds[1].Payload, ds[1].Target.Name)
		}
	})
	t.Run("SameEventSameIDs", func(t *testing.T) {
		_ = n.Notify(ctx, put)
		_ = n.Notify(ctx, put)
		ds := q.take()
		if len(ds) != 4 || ds[0].ID != ds[2].ID || ds[0].ID == ds[1].ID {
			t.Errorf("ids %v", ds)
		}
	})
	t.Run("FilteredOut", func(t *testing.T) {
		ev := put
		ev.Key = "in/photo.png"
		_ = n.Notify(ctx, ev)
		if ds := q.take(); len(ds) != 1 || ds[0].Target.Kind != targets.KindBus {
			t.Errorf("deliveries %+v", ds)
		}
	})
	t.Run("TopicWithSubject", func(t *testing.T) {
		ev := put
		ev.Name = "ObjectCreated:Copy"
		ev.Key = "copies/x.txt"
		_ = n.Notify(ctx, ev)
		ds := q.take()
		if len(ds) != 2 || ds[0].Target.Name != topicARN || ds[0].Attributes["Subject"] != "Amazon S3 Notification" {
			t.Errorf("deliveries %+v", ds)
		}
	})
	t.Run("OtherBucket", func(t *testing.T) {
		ev := put
		ev.Bucket = "other"
		if err := n.Notify(ctx, ev); err != nil || len(q.take()) != 0 {
			t.Errorf("a bucket without configuration notified: %v", err)
		}
	})
	t.Run("Deleted", func(t *testing.T) {
		if err := n.Delete(ctx, "uploads"); err != nil {
			t.Fatal(err)
		}
		if err := n.Delete(ctx, "uploads"); err != nil {
			t.Errorf("second delete: %v", err)
		}
		if err := n.Notify(ctx, put); err != nil || len(q.take()) != 0 {
			t.Errorf("a deleted configuration notified: %v", err)
		}
	})
}

func TestPutEmptyRemoves(t *testing.T) {
	ctx := context.Background()
	n, _ := newNotifications(world{exists: map[string]bool{queueARN: true}})
	if err := n.Put(ctx, "b", []byte(openTag+queueConfig("s3:ObjectCreated:*")+closeTag)); err != nil {
		t.Fatal(err)
	}
	if err := n.Put(ctx, "b", []byte(openTag+closeTag)); err != nil {
		t.Fatal(err)
	}
	if _, found, err := n.load(ctx, "b"); found || err != nil {
		t.Errorf("found %v, %v", found, err)
	}
	if err := n.Put(ctx, "b", []byte("<bad")); !errors.Is(err, aws.ErrMalformed) {
		t.Errorf("bad body: %v", err)
	}
}
