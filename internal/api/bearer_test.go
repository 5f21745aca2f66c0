package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMetricsNeedBearerToken(t *testing.T) {
	metrics := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("virga_up 1\n")) })
	h := New(Config{Account: "111111111111", Metrics: metrics, MetricsToken: "s3cret"}, fakeVerifier{}, toyServices()...).Handler()
	for _, tt := range []struct {
		name, auth string
		status     int
	}{
		{"NoToken", "", 401},
		{"WrongToken", "Bearer nope", 401},
		{"Basic", "Basic czNjcmV0", 401},
		{"Token", "Bearer s3cret", 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/metrics", nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d", w.Code, tt.status)
			}
		})
	}
}

func TestEmptyMetricsTokenOpensNothing(t *testing.T) {
	h := bearer("", http.NotFoundHandler())
	r := httptest.NewRequest("GET", "/metrics", nil)
	r.Header.Set("Authorization", "Bearer ")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 401 {
		t.Errorf("status %d, want 401", w.Code)
	}
}
