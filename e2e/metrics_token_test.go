package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// metricsToken is the bearer token the server made in its data directory.
func (s *server) metricsToken() string {
	s.t.Helper()
	data, err := os.ReadFile(filepath.Join(s.dataDir, "metrics.token"))
	if err != nil {
		s.t.Fatal(err)
	}
	return strings.TrimSpace(string(data))
}

// getMetrics asks for /metrics with the given Authorization header.
func (s *server) getMetrics(authorization string) (*http.Response, error) {
	req, err := http.NewRequest("GET", s.endpoint+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	return http.DefaultClient.Do(req)
}
