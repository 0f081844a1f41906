//go:build js

package client

import "net/http"

// setPlatformHeaders tells Go's fetch transport never to send credentials
// (cookies): Edgen's CORS answer allows none.
func setPlatformHeaders(h http.Header) {
	h.Set("js.fetch:credentials", "omit")
}
