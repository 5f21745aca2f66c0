package e2e

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// TestSNSBoto3 drives SNS with boto3 (testdata/sns_boto3.py).
func TestSNSBoto3(t *testing.T) {
	runBoto3(t, startServer(t), "testdata/sns_boto3.py")
}

// TestSNSCLIs walks both aws CLIs through a topic with an HTTP subscriber.
func TestSNSCLIs(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	eachCLI(t, true, func(t *testing.T, c awsCLI, bin string) {
		snsWalkThrough(t, s, bin, "cli-"+c.name)
	})
}

func snsWalkThrough(t *testing.T, s *server, aws, name string) {
	topic, _ := s.cliOK(t, aws, "sns", "create-topic", "--name", name, "--tags", "Key=team,Value=core")["TopicArn"].(string)
	if topic != "arn:aws:sns:us-east-1:"+s.admin.AccountID+":"+name {
		t.Fatalf("topic ARN %q", topic)
	}
	s.cliOK(t, aws, "sns", "set-topic-attributes", "--topic-arn", topic, "--attribute-name", "SignatureVersion", "--attribute-value", "2")
	web := newSubscriber(t)
	s.cliOK(t, aws, "sns", "subscribe", "--topic-arn", topic, "--protocol", "http", "--notification-endpoint", web.url("/"+name))
	web.wait("SubscriptionConfirmation", 1, 15*time.Second)
	waitConfirmed(t, s.sns(), topic, 1)
	out := s.cliOK(t, aws, "sns", "publish", "--topic-arn", topic, "--message", "hello from "+name, "--subject", "cli",
		"--message-attributes", `{"kind":{"DataType":"String","StringValue":"greeting"}}`)
	note := web.wait("Notification", 1, 15*time.Second)[0]
	if note.msg.MessageId != out["MessageId"] || note.msg.Message != "hello from "+name || note.msg.SignatureVersion != "2" ||
		note.msg.MessageAttributes["kind"].Value != "greeting" {
		t.Errorf("notification %+v", note.msg)
	}
	attrs := s.cliOK(t, aws, "sns", "get-topic-attributes", "--topic-arn", topic)["Attributes"].(map[string]any)
	if attrs["SubscriptionsConfirmed"] != "1" || attrs["SignatureVersion"] != "2" {
		t.Errorf("attributes %v", attrs)
	}
	subs := s.cliOK(t, aws, "sns", "list-subscriptions")["Subscriptions"].([]any)
	if len(subs) == 0 {
		t.Errorf("list-subscriptions printed nothing")
	}
	if _, err := s.cli(t, aws, "sns", "publish", "--topic-arn", topic+"-gone", "--message", "x"); err == nil {
		t.Error("publish to a missing topic succeeded")
	}
	s.cliOK(t, aws, "sns", "delete-topic", "--topic-arn", topic)
}

// TestSNSCrash kills the server with SIGKILL during a burst of publishes:
// every message acknowledged reaches the subscribed endpoint after the
// restart.
func TestSNSCrash(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := s.sns()
	topic := createTopic(t, c, "burst", nil)
	web := newSubscriber(t)
	subscribe(t, c, topic, "http", web.url("/burst"), map[string]string{"RawMessageDelivery": "true"})
	waitConfirmed(t, c, topic, 1)

	var acked sync.Map
	var n atomic.Int64
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := sns.NewFromConfig(s.awsConfig())
			for i := 0; ; i++ {
				body := fmt.Sprintf("w%d-%d", w, i)
				if _, err := cl.Publish(ctx(t), &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(body)}); err != nil {
					return
				}
				acked.Store(body, true)
				n.Add(1)
			}
		}()
	}
	for n.Load() < 300 {
		time.Sleep(10 * time.Millisecond)
	}
	s.kill()
	wg.Wait()
	s.start()
	var want []string
	acked.Range(func(k, _ any) bool { want = append(want, k.(string)); return true })
	got := web.bodies(want, 60*time.Second)
	for _, b := range want {
		if !got[b] {
			t.Errorf("acknowledged message %s was never delivered", b)
		}
	}
	t.Logf("%d acknowledged before the crash, all delivered", len(want))
}
