//go:build !js

package wasmtest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// rig is what one engine run talks to: the fake Edgen in this process (so
// the test can inspect what it received) and a static server for a web
// root, on two different loopback ports, so a page is cross-origin to the
// fake and CORS preflights are real.
type rig struct {
	fake    *edgentest.Server
	siteURL string // static server's root URL, with a trailing slash
}

// newRig starts both servers; they stop when the test ends.
func newRig(t testing.TB, webRoot string) *rig {
	t.Helper()
	fake := edgentest.NewServer(edgentest.Config{})
	t.Cleanup(func() {
		fake.CloseClientConnections()
		fake.Close()
	})
	static := httptest.NewServer(http.FileServer(http.Dir(webRoot)))
	t.Cleanup(static.Close)
	return &rig{fake: fake, siteURL: static.URL + "/"}
}
