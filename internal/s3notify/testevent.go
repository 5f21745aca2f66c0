package s3notify

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/targets"
)

// testEvent is what S3 sends to queues and topics when a configuration
// names them.
type testEvent struct {
	Service   string `json:"Service"`
	Event     string `json:"Event"`
	Time      string `json:"Time"`
	Bucket    string `json:"Bucket"`
	RequestID string `json:"RequestId"`
	HostID    string `json:"HostId"`
}

// sendTestEvents stores S3's test event for each queue and topic of c
// (functions get none, as on AWS).
func (n *Notifications) sendTestEvents(ctx context.Context, bucket string, c Configuration) error {
	var random [40]byte
	_, _ = rand.Read(random[:])
	ev := testEvent{Service: "Amazon S3", Event: "s3:TestEvent", Time: time.Now().UTC().Format(timeFormat), Bucket: bucket,
		RequestID: strings.ToUpper(hex.EncodeToString(random[:8])), HostID: base64.StdEncoding.EncodeToString(random[8:])}
	payload, _ := json.Marshal(ev)
	send := func(kind, dest string) error {
		d := delivery.Delivery{ID: lambda.DerivedUUID("s3/test/" + ev.RequestID + "/" + dest), Producer: ProducerName,
			Target: delivery.Address{Kind: kind, Name: dest}, Payload: payload, Attributes: n.attributes(bucket, kind, dest), Accepted: time.Now()}
		if err := n.queue.Enqueue(ctx, d); err != nil {
			return fmt.Errorf("store test event for %s: %w", dest, err)
		}
		return nil
	}
	for _, t := range c.Topics {
		if err := send(targets.KindTopic, t.Topic); err != nil {
			return err
		}
	}
	for _, t := range c.Queues {
		if err := send(targets.KindQueue, t.Queue); err != nil {
			return err
		}
	}
	return nil
}
