package edgentest

import "net/http"

// setCORS sets the headers the real server's CorsLayer::permissive()
// (tower-http) sets: origin, methods and request headers "*" and no
// credentials. Every response gets the origin and Vary; preflights (any
// OPTIONS request, on any path) the allowed methods and headers; every other
// response exposes all its headers with Access-Control-Expose-Headers: *.
// A browser never lets "*" cover Authorization, so neither does this fake
// list it: a cross-origin request carrying Authorization fails its
// preflight, as it would against the real server.
func setCORS(h http.Header, preflight bool) {
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Vary", "origin,access-control-request-method,access-control-request-headers")
	if preflight {
		h.Set("Access-Control-Allow-Methods", "*")
		h.Set("Access-Control-Allow-Headers", "*")
		return
	}
	h.Set("Access-Control-Expose-Headers", "*")
}
