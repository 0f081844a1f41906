//go:build !js

package wasmtest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// TestStandardSchemas runs js/standard.mjs in Node: parse() with the
// Standard Schemas of zod, arktype and valibot (wasmtest/node_modules)
// against the fake, the wasm and the loader served from the site.
func TestStandardSchemas(t *testing.T) {
	t.Parallel()
	site := mustDir(t, "the site (edgen.wasm, the loader of web/edgen/)", siteDir)
	static := httptest.NewServer(http.FileServer(http.Dir(site)))
	t.Cleanup(static.Close)
	fake := edgentest.Start(t)
	out, err := runNode(t, 2*time.Minute, "js", nil, "standard.mjs", fake.URL, site, static.URL+"/")
	if err != nil {
		t.Fatalf("node js/standard.mjs: %v\n%s", err, out)
	}
	for _, want := range []string{"ok zod", "ok arktype", "ok valibot", "ok bare valibot"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("js/standard.mjs did not say %q:\n%s", want, out)
		}
	}
}
