//go:build !js

package wasmtest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/internal/peertest"
)

// interopLimit bounds one engine's run of the interop scenarios: a real
// model on a busy shared machine takes seconds for a few tokens. Passing it
// is a failure (a hang), never a timing measurement.
const interopLimit = 8 * time.Minute

// TestInteropOllama runs the scenarios of js/interop.mjs, the real
// edgen.wasm against the shared ollama (see internal/peertest), in Node
// through the real fetch and in headless Chromium from a page on another
// origin, so every POST goes through a real CORS preflight: one subtest per
// scenario per engine (TestInteropOllama/chromium/stream_to_done).
func TestInteropOllama(t *testing.T) {
	t.Parallel()
	testInterop(t, peertest.Ollama(t), "")
}

// TestInteropPrism runs the scenarios of js/prism.mjs against Prism serving
// OpenAI's spec, as TestInteropOllama runs ollama's: every request of the
// JS face, today's shapes included, must pass the spec, and what the OpenAI
// JS library's generated tests assert of its methods must hold.
func TestInteropPrism(t *testing.T) {
	t.Parallel()
	testInterop(t, peertest.Prism(t), "prism")
}

// testInterop runs the interop scenarios of suite ("" for ollama's) against
// the server at base, in Node and Chromium.
func testInterop(t *testing.T, base, suite string) {
	site := mustDir(t, "the site (edgen.wasm, the loader of web/edgen/)", siteDir)
	static := httptest.NewServer(http.FileServer(http.Dir(site))) // an origin other than ollama's
	t.Cleanup(static.Close)

	t.Run("node", func(t *testing.T) {
		t.Parallel()
		out, err := runNode(t, interopLimit, site, nil, filepath.Join(site, "wasmtest", "interop_node.mjs"), base, static.URL+"/", suite)
		reportScenarios(t, strings.Split(out, "\n"), err)
	})

	t.Run("chromium", func(t *testing.T) {
		t.Parallel()
		b := newBrowser(t, interopLimit+30*time.Second)
		page := static.URL + "/wasmtest/interop.html?" + url.Values{"base": {base}, "suite": {suite}}.Encode()
		lines, err := b.run(page, interopLimit, isEvent("done", "fatal"))
		reportScenarios(t, lines, err)
	})
}
