package e2e

import (
	byteorder "encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/virga-dev/virga/internal/testhost"
)

// netProbe tries one kind of connection and says what happened.
const netProbe = `import socket, urllib.request

def handler(event, context):
    try:
        return {"ok": probe(event)}
    except Exception as e:
        return {"error": type(e).__name__ + ": " + str(e)}

def probe(event):
    kind = event["kind"]
    if kind == "http":
        return urllib.request.urlopen(event["url"], timeout=5).read().decode()
    if kind == "dns":
        return socket.gethostbyname(event["name"])
    if kind == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(5)
        s.connect((event["host"], event["port"]))
        s.send(b"ping")
        return s.recv(100).decode()
    s = socket.create_connection((event["host"], event["port"]), timeout=5)
    s.sendall(b"ping\n")
    s.shutdown(socket.SHUT_WR)
    data = b""
    while True:
        chunk = s.recv(100)
        if not chunk:
            return data.decode()
        data += chunk
`

// TestOutboundNetwork runs functions against a test host of the test's own
// (an HTTP server, TCP and UDP echoes, a DNS server), and against what no
// function may reach: listeners on the host's loopback and addresses,
// Virga's port, the metadata address.
func TestOutboundNetwork(t *testing.T) {
	host := testhost.New(t)
	web, _ := host.Listen(t, "tcp", 0)
	go http.Serve(web, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello from the test host") }))
	echo, _ := host.Listen(t, "tcp", 0)
	go serveEcho(echo)
	_, udpEcho := host.Listen(t, "udp", 0)
	go serveUDPEcho(udpEcho)
	_, dns := host.Listen(t, "udp", 53)
	go serveDNS(dns, host.Addr)
	resolv := filepath.Join(t.TempDir(), "resolv.conf")
	os.WriteFile(resolv, []byte("nameserver "+host.Addr.String()+"\n"), 0o644)

	var hostHits atomic.Int32 // connections the host's own listeners accepted
	loopback := hostListener(t, "127.0.0.1:0", &hostHits)
	anyAddr := hostListener(t, "0.0.0.0:0", &hostHits)

	s := startServer(t, "--sandbox-resolv-conf", resolv)
	webURL := "http://" + web.Addr().String() + "/"
	echoPort, udpPort := port(echo.Addr().String()), port(udpEcho.LocalAddr().String())
	hostIP := host.Addr.String()
	fn := func(name, network string) string {
		createFn(t, s, name, "python3.12", "app.handler", map[string]string{"app.py": netProbe}, func(in *lambda.CreateFunctionInput) {
			if network != "" {
				in.Tags = map[string]string{"virga:network": network}
			}
		})
		return name
	}
	def := fn("net-default", "")
	none := fn("net-none", "none")
	omits := fn("net-omits", hostIP+"/32:"+port(web.Addr().String()))
	names := fn("net-names", hostIP+"/32:"+echoPort)

	t.Run("Default", func(t *testing.T) {
		wantOK(t, s, def, map[string]any{"kind": "http", "url": webURL}, "hello from the test host")
		wantOK(t, s, def, map[string]any{"kind": "tcp", "host": hostIP, "port": atoi(echoPort)}, "ping\n")
		wantOK(t, s, def, map[string]any{"kind": "udp", "host": hostIP, "port": atoi(udpPort)}, "ping")
		wantOK(t, s, def, map[string]any{"kind": "dns", "name": "testhost.virga.test"}, hostIP)
	})
	t.Run("None", func(t *testing.T) {
		wantErr(t, s, none, map[string]any{"kind": "tcp", "host": hostIP, "port": atoi(echoPort)}, "Network is unreachable")
	})
	t.Run("AllowListOmitsPort", func(t *testing.T) {
		wantErr(t, s, omits, map[string]any{"kind": "tcp", "host": hostIP, "port": atoi(echoPort)}, "Connection refused")
		wantOK(t, s, omits, map[string]any{"kind": "http", "url": webURL}, "hello from the test host")
	})
	t.Run("AllowListNamesPort", func(t *testing.T) {
		wantOK(t, s, names, map[string]any{"kind": "tcp", "host": hostIP, "port": atoi(echoPort)}, "ping\n")
		wantOK(t, s, names, map[string]any{"kind": "dns", "name": "testhost.virga.test"}, hostIP) // resolvers stay reachable
	})
	t.Run("NeverReachable", func(t *testing.T) {
		virgaPort := atoi(port(strings.TrimPrefix(s.endpoint, "http://")))
		for _, target := range []struct {
			host string
			port int
		}{
			{"127.0.0.1", atoi(port(loopback))}, // the sandbox's own loopback
			{"127.0.0.1", virgaPort},
			{host.Peer.String(), atoi(port(anyAddr))}, // an address of the host
			{host.Peer.String(), virgaPort},
			{"169.254.169.254", 80},
		} {
			wantErr(t, s, def, map[string]any{"kind": "tcp", "host": target.host, "port": target.port}, "Connection refused")
		}
		if n := hostHits.Load(); n != 0 {
			t.Errorf("the host's own listeners accepted %d connections from functions", n)
		}
	})
	t.Run("Visible", func(t *testing.T) {
		for name, want := range map[string]string{none: "virga:network=none", names: "virga:network=" + hostIP + "/32:" + echoPort} {
			out, err := s.lambda().GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name)})
			if err != nil {
				t.Fatal(err)
			}
			if out.VpcConfig == nil || aws.ToString(out.VpcConfig.VpcId) != want {
				t.Errorf("%s: VpcConfig %+v, want VpcId %q", name, out.VpcConfig, want)
			}
		}
		out, err := s.lambda().GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(def)})
		if err != nil || out.VpcConfig != nil {
			t.Errorf("default function: VpcConfig %+v, %v", out.VpcConfig, err)
		}
	})
	t.Run("Validated", func(t *testing.T) {
		arn := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:" + def
		_, err := s.lambda().TagResource(ctx(t), &lambda.TagResourceInput{Resource: aws.String(arn), Tags: map[string]string{"virga:network": hostIP + "/32"}})
		if ae := apiError(t, err, "InvalidParameterValueException"); !strings.Contains(ae.ErrorMessage(), "has no port") {
			t.Errorf("message %q", ae.ErrorMessage())
		}
	})
	t.Run("TagChangeApplies", func(t *testing.T) {
		arn := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:" + names
		if _, err := s.lambda().TagResource(ctx(t), &lambda.TagResourceInput{Resource: aws.String(arn), Tags: map[string]string{"virga:network": "none"}}); err != nil {
			t.Fatal(err)
		}
		wantErr(t, s, names, map[string]any{"kind": "tcp", "host": hostIP, "port": atoi(echoPort)}, "Network is unreachable")
	})
}

func wantOK(t *testing.T, s *server, name string, event map[string]any, want string) {
	t.Helper()
	got := decode(t, invoke(t, s, name, event))
	if got["ok"] != want {
		t.Errorf("%s %v: got %v, want %q", name, event, got, want)
	}
}

func wantErr(t *testing.T, s *server, name string, event map[string]any, want string) {
	t.Helper()
	got := decode(t, invoke(t, s, name, event))
	if msg, _ := got["error"].(string); !strings.Contains(msg, want) {
		t.Errorf("%s %v: got %v, want an error with %q", name, event, got, want)
	}
}

// hostListener listens on the host itself and counts what it accepts.
func hostListener(t *testing.T, addr string, hits *atomic.Int32) string {
	ln, err := net.Listen("tcp4", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			hits.Add(1)
			c.Close()
		}
	}()
	return ln.Addr().String()
}

func serveEcho(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			io.Copy(c, c)
			c.Close()
		}()
	}
}

func serveUDPEcho(pc net.PacketConn) {
	buf := make([]byte, 2048)
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		pc.WriteTo(buf[:n], from)
	}
}

// serveDNS answers A queries for names under virga.test with addr, and
// every other query with an empty answer.
func serveDNS(pc net.PacketConn, addr netip.Addr) {
	buf := make([]byte, 512)
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		if reply := dnsReply(buf[:n], addr); reply != nil {
			pc.WriteTo(reply, from)
		}
	}
}

func dnsReply(q []byte, addr netip.Addr) []byte {
	if len(q) < 12 {
		return nil
	}
	end, name := 12, []string{}
	for end < len(q) && q[end] != 0 {
		l := int(q[end])
		if end+1+l > len(q) {
			return nil
		}
		name = append(name, string(q[end+1:end+1+l]))
		end += 1 + l
	}
	end += 5 // the root label, QTYPE and QCLASS
	if end > len(q) {
		return nil
	}
	qtype := byteorder.BigEndian.Uint16(q[end-4:])
	reply := append([]byte{}, q[:end]...)
	reply[2], reply[3] = 0x81, 0x80 // a response, recursion available
	byteorder.BigEndian.PutUint16(reply[6:], 0)
	if qtype == 1 && strings.HasSuffix(strings.Join(name, "."), "virga.test") {
		byteorder.BigEndian.PutUint16(reply[6:], 1)
		a := addr.As4()
		reply = append(reply, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4)
		reply = append(reply, a[:]...)
	}
	return reply
}

func port(hostport string) string {
	_, p, _ := net.SplitHostPort(hostport)
	return p
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}
