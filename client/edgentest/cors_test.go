//go:build !js

package edgentest

import (
	"strings"
	"testing"
)

func TestCORS(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	const vary = "origin,access-control-request-method,access-control-request-headers"
	// Preflights are answered on every path, known or not, with an empty 200.
	for _, path := range []string{"chat/completions", "models/a%2Fb", "nowhere", "_fake/requests"} {
		resp, body := call(t, "OPTIONS", srv.URL+path, "",
			"Origin: http://page.test", "Access-Control-Request-Method: POST",
			"Access-Control-Request-Headers: content-type,x-fake-scenario")
		h := resp.Header
		if resp.StatusCode != 200 || len(body) != 0 || h.Get("Access-Control-Allow-Origin") != "*" ||
			h.Get("Access-Control-Allow-Methods") != "*" || h.Get("Access-Control-Allow-Headers") != "*" ||
			h.Get("Vary") != vary || h.Get("Access-Control-Allow-Credentials") != "" || h.Get("Access-Control-Expose-Headers") != "" {
			t.Errorf("preflight %s: %d %q %v", path, resp.StatusCode, body, h)
		}
	}
	// Every other response, errors included, allows any origin and exposes
	// every header (Retry-After and x-should-retry reach a browser client).
	for _, c := range []struct{ method, path, faults string }{
		{"GET", "misc/version", ""}, {"GET", "nowhere", ""}, {"POST", "misc/version", ""},
		{"GET", "models", "status=429;retry-after=1"}, {"GET", "models", "bogus"}, {"GET", "_fake/requests", ""},
	} {
		resp, _ := call(t, c.method, srv.URL+c.path, "", "Origin: http://page.test", HeaderFaults+": "+c.faults)
		h := resp.Header
		if h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Access-Control-Expose-Headers") != "*" ||
			h.Get("Vary") != vary || h.Get("Access-Control-Allow-Credentials") != "" || h.Get("Access-Control-Allow-Headers") != "" {
			t.Errorf("%s %s (%d): CORS headers %v", c.method, c.path, resp.StatusCode, h)
		}
	}
}

func TestCORSNeverListsAuthorization(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	resp, _ := call(t, "OPTIONS", srv.URL+"chat/completions", "",
		"Origin: http://page.test", "Access-Control-Request-Method: POST",
		"Access-Control-Request-Headers: authorization,content-type")
	// "*" does not cover Authorization in a browser: the preflight must fail
	// there, as it does against the real server, so nothing may name it.
	for k, vs := range resp.Header {
		for _, v := range vs {
			if k != "Vary" && strings.Contains(strings.ToLower(v), "authorization") {
				t.Errorf("preflight header %s: %s names Authorization", k, v)
			}
		}
	}
	if got := resp.Header.Get("Access-Control-Allow-Headers"); got != "*" {
		t.Errorf("Access-Control-Allow-Headers %q, want *", got)
	}
}
