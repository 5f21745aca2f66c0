package kubernetes

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/virga-dev/virga/internal/cli"
)

// checkNATSConfig loads the ConfigMap's nats.conf with nats-server's own
// parser (which refuses unknown fields) and holds it against the
// StatefulSet: its ports, its mounts and routes to every pod.
func checkNATSConfig(t *testing.T, m *manifests) {
	cm, set := m.configMaps["nats-config"], m.statefulSets["nats"]
	if cm == nil || cm.Data["nats.conf"] == "" {
		t.Fatal("no ConfigMap nats-config with nats.conf")
	}
	path := filepath.Join(t.TempDir(), "nats.conf")
	if err := os.WriteFile(path, []byte(cm.Data["nats.conf"]), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("POD_NAME", "nats-0")
	opts, err := natsserver.ProcessConfigFile(path)
	if err != nil {
		t.Fatalf("nats.conf: %v", err)
	}
	c := set.Spec.Template.Spec.Containers[0]
	if !slices.Contains(c.Args, "/etc/nats/nats.conf") || !mounted(c, "config", "/etc/nats") {
		t.Errorf("the nats container does not read the ConfigMap's nats.conf: args %q", c.Args)
	}
	if opts.ServerName != "nats-0" || !envHasPodName(c) {
		t.Errorf("server_name is %q, not the pod's name", opts.ServerName)
	}
	if !opts.JetStream || !mounted(c, "data", opts.StoreDir) {
		t.Errorf("JetStream %v in %s, not on the data volume", opts.JetStream, opts.StoreDir)
	}
	if !mounted(c, "pid", filepath.Dir(opts.PidFile)) {
		t.Errorf("pid file %s is not on the pid volume the preStop hook shares", opts.PidFile)
	}
	if opts.MaxPayload < 8<<20 {
		t.Errorf("max_payload %d: Virga writes up to 8 MB", opts.MaxPayload)
	}
	checkPort(t, c, "client", opts.Port)
	checkPort(t, c, "cluster", opts.Cluster.Port)
	checkPort(t, c, "monitor", opts.HTTPPort)
	var routes []string
	for _, u := range opts.Routes {
		routes = append(routes, fmt.Sprintf("%s:%s", u.Hostname(), u.Port()))
	}
	if want := withPort(podNames(set), opts.Cluster.Port); !slices.Equal(routes, want) {
		t.Errorf("routes %q, want every pod: %q", routes, want)
	}
}

func mounted(c corev1.Container, volume, path string) bool {
	return slices.ContainsFunc(c.VolumeMounts, func(vm corev1.VolumeMount) bool { return vm.Name == volume && vm.MountPath == path })
}

func checkPort(t *testing.T, c corev1.Container, name string, port int) {
	t.Helper()
	if !slices.ContainsFunc(c.Ports, func(p corev1.ContainerPort) bool { return p.Name == name && int(p.ContainerPort) == port }) {
		t.Errorf("container %s: no port %s = %d", c.Name, name, port)
	}
}

func withPort(hosts []string, port int) []string {
	var out []string
	for _, h := range hosts {
		out = append(out, fmt.Sprintf("%s:%d", h, port))
	}
	return out
}

// checkVirgaFlags holds the `virga server` command line of the Virga
// StatefulSet against the flags the server takes and against the NATS
// StatefulSet: every NATS pod in --nats-url, --replicas as many as there
// are NATS pods, --node-name from the pod's name and --node-url its stable
// address, --memory-mb below the pod's memory request, the data directory
// on the volume, the port the container names, and time after
// --drain-timeout before the kubelet's SIGKILL.
func checkVirgaFlags(t *testing.T, m *manifests) {
	set, nats := m.statefulSets["virga"], m.statefulSets["nats"]
	c := set.Spec.Template.Spec.Containers[0]
	flags := commandFlags(t, script(t, set))
	known := serverFlags(t)
	for name := range flags {
		if !known[name] {
			t.Errorf("virga server has no flag --%s", name)
		}
	}
	var urls []string
	for _, host := range withPort(podNames(nats), 4222) {
		urls = append(urls, "nats://"+host)
	}
	for flag, want := range map[string]string{
		"nats-url":  strings.Join(urls, ","),
		"replicas":  fmt.Sprint(*nats.Spec.Replicas),
		"node-name": "$POD_NAME",
		"node-url":  fmt.Sprintf("http://$POD_NAME.%s:%d", set.Spec.ServiceName, c.Ports[0].ContainerPort),
		"listen":    fmt.Sprintf("0.0.0.0:%d", c.Ports[0].ContainerPort),
	} {
		if flags[flag] != want {
			t.Errorf("--%s %q, want %q", flag, flags[flag], want)
		}
	}
	if !envHasPodName(c) || !mounted(c, "data", flags["data-dir"]) {
		t.Errorf("POD_NAME or the data directory %s on the data volume missing", flags["data-dir"])
	}
	memory := c.Resources.Requests.Memory().Value() >> 20
	if mb, err := strconv.ParseInt(flags["memory-mb"], 10, 64); err != nil || mb >= memory {
		t.Errorf("--memory-mb %q is not below the memory the pod requests (%d MiB)", flags["memory-mb"], memory)
	}
	if sc := c.SecurityContext; sc == nil || sc.Privileged == nil || !*sc.Privileged {
		t.Error("the virga container is not privileged, which the sandbox needs")
	}
	drain, err := time.ParseDuration(flags["drain-timeout"])
	grace := time.Duration(*set.Spec.Template.Spec.TerminationGracePeriodSeconds) * time.Second
	if err != nil || grace < drain+15*time.Second {
		t.Errorf("terminationGracePeriodSeconds %v leaves no time after --drain-timeout %q to hand leases back", grace, flags["drain-timeout"])
	}
}

// commandFlags returns the --flag value pairs of the `exec virga server`
// line of a shell script (with its continuation lines), quotes removed.
func commandFlags(t *testing.T, script string) map[string]string {
	line := regexp.MustCompile(`exec virga server(.*)`).FindStringSubmatch(strings.ReplaceAll(script, "\\\n", " "))
	if line == nil {
		t.Fatalf("no `exec virga server` in:\n%s", script)
	}
	fields := strings.Fields(line[1])
	flags := map[string]string{}
	for i := 0; i+1 < len(fields); i += 2 {
		name, ok := strings.CutPrefix(fields[i], "--")
		if !ok {
			t.Fatalf("%q where a flag should be in %q", fields[i], line[1])
		}
		flags[name] = strings.Trim(fields[i+1], `"'`)
	}
	return flags
}

// serverFlags lists the flags `virga server -h` prints.
func serverFlags(t *testing.T) map[string]bool {
	var stdout, stderr bytes.Buffer
	if code := cli.Main(context.Background(), []string{"server", "-h"}, &stdout, &stderr); code != 0 {
		t.Fatalf("virga server -h: exit %d\n%s", code, stderr.String())
	}
	flags := map[string]bool{}
	for _, match := range regexp.MustCompile(`(?m)^\s+-([a-z][a-z0-9-]*)`).FindAllStringSubmatch(stderr.String(), -1) {
		flags[match[1]] = true
	}
	if len(flags) == 0 {
		t.Fatalf("no flags in:\n%s", stderr.String())
	}
	return flags
}

// script is the shell script a StatefulSet's container runs (sh -c).
func script(t *testing.T, s *appsv1.StatefulSet) string {
	c := s.Spec.Template.Spec.Containers[0]
	if len(c.Args) == 0 {
		t.Fatalf("%s: no arguments", s.Name)
	}
	return strings.Join(c.Args, "\n")
}
