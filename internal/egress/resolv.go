package egress

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"strings"

	"github.com/virga-dev/virga/internal/network"
)

// systemdResolvConf lists systemd-resolved's upstream servers.
const systemdResolvConf = "/run/systemd/resolve/resolv.conf"

// HostResolvConf picks the host file sandboxes see as /etc/resolv.conf:
// /etc/resolv.conf, unless it names only loopback resolvers (a local cache
// such as systemd-resolved's 127.0.0.53, which no sandbox can reach) and
// systemd-resolved's list of upstream servers exists.
func HostResolvConf() string {
	const etc = "/etc/resolv.conf"
	servers, err := Resolvers(etc)
	if err != nil || len(servers) == 0 || reachable(servers) {
		return etc
	}
	if _, err := os.Stat(systemdResolvConf); err == nil {
		return systemdResolvConf
	}
	return etc
}

// Resolvers reads the nameserver lines of a resolv.conf file.
func Resolvers(path string) ([]netip.Addr, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []netip.Addr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || fields[0] != "nameserver" {
			continue
		}
		if a, err := netip.ParseAddr(fields[1]); err == nil {
			out = append(out, a.Unmap())
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// reachable reports whether a sandbox can reach any of servers: an IPv4
// address outside the ranges no function reaches.
func reachable(servers []netip.Addr) bool {
	for _, a := range servers {
		if _, never := network.Forbidden(a); !never {
			return true
		}
	}
	return false
}
