package api

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// bearer serves next only to requests that carry token as a bearer token
// (Prometheus's `authorization: {credentials_file: …}`); the others get 401
// and learn nothing about what next serves.
func bearer(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="virga metrics"`)
			http.Error(w, "a bearer token is required (the data directory's metrics.token)", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
