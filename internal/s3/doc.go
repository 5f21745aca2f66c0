// Package s3 is Virga's S3 API: buckets and objects in path-style
// (/bucket/key) and virtual-host (bucket.s3.localhost) addressing, served
// by the object store. Requests stream: bodies are read as the operation
// needs them, checked against their signatures (chunk signatures, trailing
// checksums) as they are read.
package s3
