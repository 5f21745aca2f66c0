package runtimes

import "testing"

func TestPrestartable(t *testing.T) {
	python := Launch{Env: pythonEnv, lang: "python"}
	node := Launch{Env: nodeEnv("nodejs22.x"), lang: "node"}
	for _, tc := range []struct {
		name   string
		launch Launch
		env    []string
		want   bool
	}{
		{"PythonDefaults", python, append([]string{"LANG=en_US.UTF-8", "TZ=:UTC", "FOO=bar"}, pythonEnv...), true},
		{"PythonFlag", python, []string{"PYTHONWARNINGS=error"}, false},
		{"PythonLocale", python, []string{"LANG=C"}, false},
		{"PythonOwnPath", python, []string{"PYTHONPATH=/var/task/lib"}, false},
		{"NodePathFollowed", node, []string{"NODE_PATH=/var/task/lib", "LANG=en_US.UTF-8"}, true},
		{"NodeOptions", node, []string{"NODE_OPTIONS=--enable-source-maps"}, false},
		{"Provided", Launch{}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.launch.Prestartable(tc.env); got != tc.want {
				t.Fatalf("Prestartable(%q) = %v, want %v", tc.env, got, tc.want)
			}
		})
	}
}

func TestPrestartsWaitWithoutTheirFunctionsPaths(t *testing.T) {
	node := Launch{Env: nodeEnv("nodejs22.x"), lang: "node"}
	for _, kv := range node.spareEnv() {
		if name(kv) == "NODE_PATH" {
			t.Fatalf("a spare's environment has %s, which depends on the runtime", kv)
		}
	}
}
