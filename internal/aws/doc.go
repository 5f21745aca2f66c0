// Package aws is the vocabulary every service Virga serves shares: the
// neutral kinds of error a request can meet (not found, conflict, invalid,
// throttled…), ARNs, tags and pagination. It imports only the standard
// library; each service maps a kind to its own AWS error code and status in
// one table of its own.
package aws
