// Package s3notify is S3's bucket notifications. A bucket's notification
// configuration says which object events, under which key prefix and
// suffix, go to which function, queue or topic, and whether they go to
// EventBridge; it is checked as S3 checks it (event names, filter rules,
// overlapping configurations, destinations that exist and let S3 deliver)
// and kept in the store. When an object changes, the records the
// configuration selects are stored as deliveries before the change is
// acknowledged, so that an acknowledged write is never left without its
// notifications; the delivery queue then carries them, with retries.
package s3notify
