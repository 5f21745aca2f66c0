// Package sigv4 checks AWS Signature Version 4 on the requests Virga receives,
// the way an AWS service does, so the unchanged aws CLI, boto3 and the AWS SDKs
// can call Virga with ordinary access keys.
//
// A client signs a request by hashing a canonical form of it (method, path,
// query, chosen headers, body hash) and keying an HMAC with a key derived from
// its secret, the day, the region and the service. The signature travels
// either in the Authorization header or, for a presigned URL, in the query
// string. The Verifier rebuilds the same canonical form from what arrived on
// the wire, derives the same key from the secret it looks up for the access
// key, and compares. Presign builds the query-string form for download links.
//
// Failures are *Error values carrying the AWS error code and message a real
// service would send, so the API layer can render them unchanged.
package sigv4
