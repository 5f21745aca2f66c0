package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIEnvironment: client subcommands follow a --data-dir given on the
// command line, else AWS_ENDPOINT_URL with keys or AWS_PROFILE when set,
// else the default data directory.
func TestCLIEnvironment(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	empty := t.TempDir()
	profiles := t.TempDir()
	os.WriteFile(filepath.Join(profiles, "credentials"), []byte("[dev]\naws_access_key_id = "+s.admin.AccessKeyID+
		"\naws_secret_access_key = "+s.admin.SecretAccessKey+"\n"), 0o600)
	os.WriteFile(filepath.Join(profiles, "config"), []byte("[profile dev]\nregion = us-east-1\nendpoint_url = "+s.endpoint+"\n"), 0o600)
	cases := []struct {
		name string
		dir  string
		env  []string
		ok   bool
	}{
		{"DataDirectory", s.dataDir, nil, true},
		{"DataDirectoryOverEnvironment", s.dataDir, []string{"AWS_ENDPOINT_URL=" + s.endpoint, "AWS_ACCESS_KEY_ID=AKIAWRONG",
			"AWS_SECRET_ACCESS_KEY=wrong", "AWS_REGION=us-east-1"}, true},
		{"EndpointAndKeys", "", []string{"AWS_ENDPOINT_URL=" + s.endpoint, "AWS_ACCESS_KEY_ID=" + s.admin.AccessKeyID,
			"AWS_SECRET_ACCESS_KEY=" + s.admin.SecretAccessKey, "AWS_REGION=us-east-1"}, true},
		{"Profile", "", []string{"AWS_PROFILE=dev", "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(profiles, "credentials"),
			"AWS_CONFIG_FILE=" + filepath.Join(profiles, "config")}, true},
		{"WrongKeys", "", []string{"AWS_ENDPOINT_URL=" + s.endpoint, "AWS_ACCESS_KEY_ID=AKIAWRONG",
			"AWS_SECRET_ACCESS_KEY=wrong", "AWS_REGION=us-east-1"}, false},
		{"Neither", empty, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(binary, withDir([]string{"deploy", "--delete", "--stack", "nothing"}, c.dir)...)
			cmd.Env = append(withoutAWS(), c.env...)
			out, err := cmd.CombinedOutput()
			if (err == nil) != c.ok {
				t.Fatalf("ok = %v, want %v:\n%s", err == nil, c.ok, out)
			}
			if c.ok && !strings.Contains(string(out), "nothing: deleted") {
				t.Fatalf("output:\n%s", out)
			}
			for _, args := range [][]string{{"logs", "nobody"}, {"usage"}} {
				cmd := exec.Command(binary, withDir(args, c.dir)...)
				cmd.Env = append(withoutAWS(), c.env...)
				if out, err := cmd.CombinedOutput(); (err == nil) != c.ok {
					t.Errorf("virga %s: ok = %v, want %v:\n%s", args[0], err == nil, c.ok, out)
				}
			}
		})
	}
}

// withDir adds --data-dir to args unless dir is "" (then the command finds
// its server through the AWS environment).
func withDir(args []string, dir string) []string {
	if dir == "" {
		return args
	}
	return append(args, "--data-dir", dir)
}
