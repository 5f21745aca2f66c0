package e2e

import "testing"

// notificationCall is a request for a bucket's notification
// configuration, its golden file under s3notify.
func notificationCall(name, method, bucket, body string) exchange {
	return exchange{name: name, service: "s3", folder: "s3notify", method: method, path: "/" + bucket + "?notification", body: []byte(body),
		header: map[string]string{"X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD"}}
}

// TestGoldenS3Notifications pins Get/PutBucketNotificationConfiguration
// and the errors of a configuration S3 refuses.
func TestGoldenS3Notifications(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	createFn(t, s, "allowed", "python3.12", "app.handler", eventSink, nil)
	createFn(t, s, "denied", "python3.12", "app.handler", eventSink, nil)
	allowS3(t, s, "allowed", "golden")
	queue := queueARN(t, s.sqs(), createSQSQueue(t, s.sqs(), "golden", nil))
	s.cli(t, "aws", "s3", "mb", "s3://golden")
	prefix := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:"
	const open, end = `<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`, `</NotificationConfiguration>`
	function := func(fn, event, rules string) string {
		return `<CloudFunctionConfiguration><Id>` + fn + `</Id><CloudFunction>` + prefix + fn + `</CloudFunction><Event>` + event +
			`</Event><Filter><S3Key>` + rules + `</S3Key></Filter></CloudFunctionConfiguration>`
	}
	rule := func(name, value string) string {
		return `<FilterRule><Name>` + name + `</Name><Value>` + value + `</Value></FilterRule>`
	}
	queueConfig := func(arn, event string) string {
		return `<QueueConfiguration><Id>removals</Id><Queue>` + arn + `</Queue><Event>` + event + `</Event></QueueConfiguration>`
	}

	runGolden(t, s, []exchange{
		notificationCall("get-empty", "GET", "golden", ""),
		notificationCall("put", "PUT", "golden", open+function("allowed", "s3:ObjectCreated:*", rule("prefix", "in/")+rule("suffix", ".jpg"))+
			queueConfig(queue, "s3:ObjectRemoved:*")+`<EventBridgeConfiguration/>`+end),
		notificationCall("get", "GET", "golden", ""),
		notificationCall("error-destinations", "PUT", "golden", open+function("denied", "s3:ObjectCreated:*", "")+
			queueConfig("arn:aws:sqs:us-east-1:"+s.admin.AccountID+":missing", "s3:ObjectRemoved:*")+end),
		notificationCall("error-overlap", "PUT", "golden", open+function("allowed", "s3:ObjectCreated:Put", rule("prefix", "in/"))+
			function("allowed", "s3:ObjectCreated:*", rule("prefix", "in/raw/"))+end),
		notificationCall("error-event", "PUT", "golden", open+function("allowed", "s3:ObjectCreated:Everything", "")+end),
		notificationCall("error-filter-rule", "PUT", "golden", open+function("allowed", "s3:ObjectCreated:*", rule("infix", "x"))+end),
		notificationCall("error-malformed", "PUT", "golden", "<NotificationConfiguration><QueueConfiguration>"),
		notificationCall("error-no-such-bucket", "GET", "missing", ""),
	})
}
