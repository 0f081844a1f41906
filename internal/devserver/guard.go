package devserver

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// hostGuard answers 403 to a request whose Host header is not an address
// of this server: localhost or a loopback IP with the server's port (or
// the IP it listens on, when that is not loopback). A page on a foreign
// domain that rebinds its name to 127.0.0.1 (DNS rebinding) sends its own
// name as Host, so it cannot reach the API, nor the upstream behind it.
type hostGuard struct {
	port   string // the port listened on
	listen net.IP // the IP listened on
	next   http.Handler
}

func (g hostGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !g.allowed(r.Host) {
		refuse(w, r, fmt.Sprintf("edgen: Host %q is not this server's own address; open it as http://127.0.0.1:%s/ or http://localhost:%s/", r.Host, g.port, g.port))
		return
	}
	g.next.ServeHTTP(w, r)
}

// allowed reports whether host (a Host header) names this server.
func (g hostGuard) allowed(host string) bool {
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		name, port = host, "80"
	}
	if port != g.port {
		return false
	}
	if strings.EqualFold(name, "localhost") {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && (ip.IsLoopback() || ip.Equal(g.listen) || g.listen.IsUnspecified())
}

// sameOrigin answers 403 to a cross-origin request: one whose Origin header
// is present and is not this server's own origin (Host is checked by
// hostGuard). Browsers send Origin on every cross-origin request, so no
// other site's page can use the API through this server, even where the
// upstream itself would refuse that origin.
func sameOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" && !strings.EqualFold(o, "http://"+r.Host) {
			refuse(w, r, fmt.Sprintf("edgen: requests from the origin %q are refused: only pages of http://%s may use this server's API", o, r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refuse answers 403 with message, in a form any page can read: the
// refusal carries Access-Control-Allow-Origin: *, and a CORS preflight is
// let through (204) so that the request itself meets the 403. A page
// elsewhere, or the connection doctor (web/edgen/diagnose.js), then learns
// why it is refused, instead of a failure to connect; it learns nothing
// more, as the request itself is refused.
func refuse(w http.ResponseWriter, r *http.Request, message string) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", r.Header.Get("Access-Control-Request-Method"))
		if asked := r.Header.Get("Access-Control-Request-Headers"); asked != "" {
			h.Set("Access-Control-Allow-Headers", asked)
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeAPIError(w, http.StatusForbidden, message)
}
