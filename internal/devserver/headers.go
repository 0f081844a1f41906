package devserver

import (
	"net/http"
	"net/url"
	"strings"
)

// loopbackOrigins are the origins the page may always connect to directly,
// whatever serve.go proxies to: any port of a loopback address, where a
// local Edgen (http://127.0.0.1:33322 by default), ollama or another
// OpenAI-compatible server listens, so that the page's Settings can point
// at one. IPv6's [::1] cannot be among them: a CSP source cannot name an
// IPv6 address (Chromium ignores "http://[::1]:*" with a console error).
var loopbackOrigins = []string{"http://127.0.0.1:*", "http://localhost:*"}

// cspFor returns the Content-Security-Policy of every response: scripts and
// styles from this origin only, WebAssembly compilation without
// 'unsafe-eval', images from this origin and the blob: URLs the page makes
// of the images it generates, and connections to this origin, any loopback
// origin and upstream's origin.
func cspFor(upstream *url.URL) string {
	connect := append([]string{"'self'"}, loopbackOrigins...)
	connect = append(connect, upstream.Scheme+"://"+upstream.Host)
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"style-src 'self'",
		"img-src 'self' blob:",
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
