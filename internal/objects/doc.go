// Package objects is Virga's object store: buckets whose metadata lives in
// JetStream and objects whose bytes live on disk under the data directory.
// It tells a Notifier of every change before the change is acknowledged, and
// opens objects for other parts of Virga (function code from S3) as a Reader.
package objects
