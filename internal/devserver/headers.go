package devserver

import (
	"net/http"
	"net/url"
	"strings"
)

// DefaultEdgenOrigin is where Edgen listens by default; the page may always
// talk to it directly, whatever serve.go proxies to.
const DefaultEdgenOrigin = "http://127.0.0.1:33322"

// cspFor returns the Content-Security-Policy of every response: scripts and
// styles from this origin only, WebAssembly compilation without
// 'unsafe-eval', and connections to this origin, the default Edgen origin
// and edgen's origin.
func cspFor(edgen *url.URL) string {
	connect := []string{"'self'", DefaultEdgenOrigin}
	if o := edgen.Scheme + "://" + edgen.Host; o != DefaultEdgenOrigin {
		connect = append(connect, o)
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"style-src 'self'",
		"img-src 'self'",
		"connect-src " + strings.Join(connect, " "),
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}

// withSecurityHeaders sets the headers every response carries.
func withSecurityHeaders(next http.Handler, csp string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}
