package runtimes

import (
	"slices"
	"strings"
)

// PrestartEnv tells a client started in a pre-started sandbox to wait for
// its function: one JSON line on standard input, {"env": [...], "dir": ...},
// whose environment and working directory it takes before it carries on
// as if it had just started.
const PrestartEnv = "_VIRGA_PRESTART=1"

// Lambda's locale and library path, which every function's environment
// has unless it sets its own: the dynamic loader and the interpreters read
// them as they start, so a spare starts with them.
const (
	Lang        = "en_US.UTF-8"
	LibraryPath = "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib"
)

// startup names, by prefix, the variables each interpreter reads only as
// it starts: a pre-started one cannot take a function that sets them
// otherwise than the spare did.
var startup = map[string][]string{
	"python": {"PYTHON", "LC_", "LANG", "LD_", "GLIBC_TUNABLES", "MALLOC_"},
	"node":   {"NODE_", "UV_", "LC_", "LANG", "LD_", "OPENSSL_", "SSL_CERT_", "GLIBC_TUNABLES", "MALLOC_"},
}

// followed are variables of those prefixes the clients re-read once they
// have their function's environment.
var followed = []string{"NODE_PATH"}

// Prestarts are the launches spare sandboxes may wait with: one per
// interpreter this host has, each with the environment the spare starts
// with.
func (c *Catalogue) Prestarts() []Launch {
	var out []Launch
	for _, rt := range []string{"python3.12", "nodejs22.x"} {
		l, err := c.Launch(rt)
		if err != nil || l.lang == "" {
			continue
		}
		l.Env = l.spareEnv()
		out = append(out, l)
	}
	return out
}

// spareEnv is the environment l's interpreter waits with.
func (l Launch) spareEnv() []string {
	env := []string{"LANG=" + Lang, "LD_LIBRARY_PATH=" + LibraryPath, PrestartEnv}
	for _, kv := range l.Env {
		if !slices.Contains(followed, name(kv)) {
			env = append(env, kv)
		}
	}
	return env
}

// Prestartable reports whether an interpreter pre-started for l can take
// a function whose environment is env: every variable it reads only at
// start has the value it started with.
func (l Launch) Prestartable(env []string) bool {
	if l.lang == "" {
		return false
	}
	spare := l.spareEnv()
	for _, kv := range env {
		if l.readAtStart(name(kv)) && !slices.Contains(spare, kv) {
			return false
		}
	}
	return true
}

func (l Launch) readAtStart(k string) bool {
	if slices.Contains(followed, k) {
		return false
	}
	for _, p := range startup[l.lang] {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

func name(kv string) string {
	k, _, _ := strings.Cut(kv, "=")
	return k
}
