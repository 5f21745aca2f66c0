//go:build linux

package sandbox

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func TestListen(t *testing.T) {
	m := newTestManager(t)

	// A host listener on the very port proves the namespaces apart: the
	// sandbox binds the same address, and its program reaches its own.
	host, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	addr := host.Addr().String()
	go func() {
		if c, err := host.Accept(); err == nil {
			c.Write([]byte("host\n"))
			c.Close()
		}
	}()

	t.Run("Bash", func(t *testing.T) {
		_, port, _ := net.SplitHostPort(addr)
		spec := shell(t, `exec 3<>/dev/tcp/127.0.0.1/`+port+`; echo ping >&3; read reply <&3; echo "$reply"`)
		spec.Argv[0] = "/bin/bash"
		s, err := m.Create(t.Context(), withBuffer(&spec))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Destroy()
		ln, err := s.Listen(addr)
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go echoOnce(ln)
		if err := s.Start(); err != nil {
			t.Fatal(err)
		}
		await(t, s)
		if out := spec.Stdout.(*buffer).String(); out != "pong: ping\n" {
			t.Fatalf("program got %q", out)
		}
	})

	t.Run("PythonHTTP", func(t *testing.T) {
		if _, err := os.Stat(pythonPrefix); err != nil {
			t.Skip("no python at", pythonPrefix)
		}
		spec := shell(t, "")
		spec.ReadOnlyPaths = []string{pythonPrefix}
		spec.Argv = []string{pythonPrefix + "/bin/python3.11", "-c",
			`import urllib.request; print(urllib.request.urlopen("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next").read().decode())`}
		s, err := m.Create(t.Context(), withBuffer(&spec))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Destroy()
		ln, err := s.Listen("127.0.0.1:9001")
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "event for ", r.URL.Path) })}
		go srv.Serve(ln)
		defer srv.Close()
		if err := s.Start(); err != nil {
			t.Fatal(err)
		}
		await(t, s)
		if out := spec.Stdout.(*buffer).String(); out != "event for /2018-06-01/runtime/invocation/next\n" {
			t.Fatalf("program got %q", out)
		}
		if _, err := net.DialTimeout("tcp", "127.0.0.1:9001", time.Second); err == nil {
			t.Log("note: something on the host listens on 127.0.0.1:9001")
		}
	})

	t.Run("AfterStart", func(t *testing.T) {
		s, _ := start(t, m, shell(t, `sleep 30`))
		if _, err := s.Listen("127.0.0.1:9001"); err != ErrStarted {
			t.Fatalf("Listen after Start = %v", err)
		}
	})

	t.Run("BadAddress", func(t *testing.T) {
		spec := shell(t, `true`)
		s, err := m.Create(t.Context(), spec)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Destroy()
		if _, err := s.Listen("localhost:9001"); err == nil {
			t.Fatal("Listen accepted a host name")
		}
		if _, err := s.Listen("10.1.2.3:9001"); err == nil || !strings.Contains(err.Error(), "cannot assign") {
			t.Fatalf("Listen on an address the sandbox lacks: %v", err)
		}
		if err := s.Start(); err != nil {
			t.Fatal(err)
		}
	})
}

func withBuffer(spec *Spec) Spec {
	out := &buffer{}
	spec.Stdout, spec.Stderr = out, out
	return *spec
}

// echoOnce answers one line on one connection.
func echoOnce(ln net.Listener) {
	c, err := ln.Accept()
	if err != nil {
		return
	}
	defer c.Close()
	line, _ := bufio.NewReader(c).ReadString('\n')
	io.WriteString(c, "pong: "+line)
}
