//go:build linux

package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// hostname is every sandbox's host name.
const hostname = "sandbox"

// etcCopied are host files every sandbox gets a copy of, when they exist:
// the dynamic linker's cache, name resolution, time zone, and the tables
// that libc, Python and Node.js read. resolv.conf comes from
// Config.ResolvConf.
var etcCopied = []string{
	"ld.so.cache", "localtime", "timezone", "os-release",
	"protocols", "services", "mime.types", "gai.conf", "host.conf",
}

// etcMounted are host directories mounted read-only into /etc: CA
// certificates and OpenSSL configuration (ssl, pki, ca-certificates,
// crypto-policies) and Debian's alternatives, which many /usr/bin entries
// point through.
var etcMounted = []string{"ssl", "pki", "ca-certificates", "crypto-policies", "alternatives"}

// writeEtc makes the /etc shared read-only by every sandbox in dir, from
// the host's /etc at hostEtc and the resolver configuration at resolvConf.
// It returns the directories to mount into it.
func writeEtc(dir, hostEtc, resolvConf string, uid, gid int) ([]string, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for name, content := range generatedEtc(uid, gid) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	for _, name := range etcCopied {
		if err := copyEtc(filepath.Join(hostEtc, name), filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("copy /etc/%s: %w", name, err)
		}
	}
	if err := copyEtc(resolvConf, filepath.Join(dir, "resolv.conf")); err != nil {
		return nil, fmt.Errorf("copy %s: %w", resolvConf, err)
	}
	var mounts []string
	for _, name := range etcMounted {
		if st, err := os.Stat(filepath.Join(hostEtc, name)); err == nil && st.IsDir() {
			if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
				return nil, err
			}
			mounts = append(mounts, name)
		}
	}
	return mounts, nil
}

func generatedEtc(uid, gid int) map[string]string {
	return map[string]string{
		"passwd":   fmt.Sprintf("root:x:0:0:root:/root:/sbin/nologin\nsbx_user1051:x:%d:%d::/tmp:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n", uid, gid),
		"group":    fmt.Sprintf("root:x:0:\nsbx_user1051:x:%d:\nnobody:x:65534:\n", gid),
		"hosts":    "127.0.0.1\tlocalhost " + hostname + " sandbox.localdomain\n::1\tlocalhost ip6-localhost ip6-loopback\n",
		"hostname": hostname + "\n",
		"nsswitch.conf": "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\n" +
			"protocols: files\nservices: files\nethers: files\nrpc: files\n",
	}
}

// copyEtc copies one host file. A symbolic link into the system
// directories stays a link (time-zone libraries read the zone's name from
// /etc/localtime's target); any other is followed.
func copyEtc(src, dst string) error {
	if target, err := os.Readlink(src); err == nil && underSystemDir(target) {
		return os.Symlink(target, dst)
	}
	data, err := os.ReadFile(src)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

func underSystemDir(p string) bool {
	for _, d := range systemDirs {
		if within(p, d) {
			return true
		}
	}
	return strings.HasPrefix(p, "../usr/")
}
