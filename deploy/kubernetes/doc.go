// Package kubernetes holds the manifests that run a Virga region on
// Kubernetes (a three-node NATS JetStream cluster and three Virga servers)
// and the test that checks them offline: every document decodes strictly
// into its Kubernetes API type, the objects refer to each other correctly,
// the NATS configuration loads in nats-server's own parser and the virga
// flags are ones `virga server` takes. README.md explains them.
package kubernetes
