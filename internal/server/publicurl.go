package server

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// publicAddress is where clients reach this server, which function URLs
// are spelled with: --public-url, or http://localhost:<port> of the
// listener, since every *.localhost name is the loopback address to curl
// and browsers.
type publicAddress struct {
	scheme string
	host   string // name, without the port
	port   string // "" when the scheme's default
}

// parsePublicURL reads --public-url; empty means the listener's port on
// localhost.
func parsePublicURL(raw string, listener net.Addr) (publicAddress, error) {
	if raw == "" {
		_, port, err := net.SplitHostPort(listener.String())
		if err != nil {
			return publicAddress{}, fmt.Errorf("listener address %s: %w", listener, err)
		}
		return publicAddress{scheme: "http", host: "localhost", port: port}, nil
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return publicAddress{}, fmt.Errorf("public url: %w", err)
	case u.Scheme != "http" && u.Scheme != "https", u.Hostname() == "", strings.Trim(u.Path, "/") != "", u.RawQuery != "":
		return publicAddress{}, fmt.Errorf("public url %q: want http(s)://host[:port]", raw)
	}
	return publicAddress{scheme: u.Scheme, host: strings.ToLower(u.Hostname()), port: u.Port()}, nil
}

// urlDomain is the name every function URL's host ends with, after its id
// and a dot: "lambda-url.us-east-1.localhost".
func (p publicAddress) urlDomain(region string) string {
	return "lambda-url." + region + "." + p.host
}

// functionURL spells the URL of a function URL id, as AWS does but with
// this server's address: http://<id>.lambda-url.<region>.localhost:9000/.
func (p publicAddress) functionURL(region string) func(id string) string {
	hostPort := p.urlDomain(region)
	if p.port != "" {
		hostPort += ":" + p.port
	}
	return func(id string) string { return p.scheme + "://" + id + "." + hostPort + "/" }
}

// apiDomain is the name every HTTP API's invoke host ends with, after its
// id and a dot: "execute-api.localhost".
func (p publicAddress) apiDomain() string { return "execute-api." + p.host }
