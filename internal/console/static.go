package console

import (
	"embed"
	"io/fs"
	"net/http"
)

// assets are the console's pages, scripts and styles, as written: plain
// JavaScript modules and CSS, nothing to build.
//
//go:embed assets
var assets embed.FS

// pages serves the assets below Path; the console's own links are
// fragments (#/functions/f), so every page is index.html.
func pages() http.Handler {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		return http.NotFoundHandler()
	}
	files := http.StripPrefix(Path+"/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "the console's pages are read with GET", http.StatusMethodNotAllowed)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// csp lets the pages load and call nothing but this server.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// headers adds what keeps the pages to themselves: no framing, no
// sniffing, no referrers, no scripts or fetches from anywhere else.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		next.ServeHTTP(w, r)
	})
}
