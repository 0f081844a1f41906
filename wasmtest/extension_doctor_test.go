//go:build !js

package wasmtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/edgen-browser/edgen/internal/peertest"
)

// extensionDoctor points the panel at a server that answers without CORS
// headers, to which the extension has no host access: the status line says
// the server refuses the extension's origin, the doctor's fix shows under
// it, with a button that asks for access to that origin. Asked to, the
// settings list the servers on this computer at the usual ports: real ollama at its own
// port refuses extensions by default, and the row says how to let this one
// in. axe-core checks it all, light and dark; then the panel goes back to
// the fake at fakeURL. What the panel reports meanwhile (problems) is only
// the CORS errors of those servers, which Chrome reports of every request
// they refuse.
func extensionDoctor(t *testing.T, panel *browser, problems *syncBuffer, origin, fakeURL string) {
	before := len(problems.String())
	noCORS := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"object":"list","data":[{"id":"m","object":"model","owned_by":"someone"}]}`))
	}))
	defer noCORS.Close()
	point := func(t *testing.T, url string) {
		t.Helper()
		open, err := evalPage[bool](panel, `document.getElementById("settings").open`)
		if err != nil {
			t.Fatal(err)
		}
		actions := []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.CSS("#base-url"), url), chromedp.Click(chromedp.CSS("#save"))}
		if !open {
			actions = append([]chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS("#settings summary"))}, actions...)
		}
		if err := doPage(panel, actions...); err != nil {
			t.Fatal(err)
		}
	}
	defer func() {
		point(t, fakeURL)
		if _, err := pollPage[bool](panel, `document.getElementById("status").textContent.startsWith("Edgen ") && document.getElementById("doctor").hidden`); err != nil {
			t.Errorf("back on the fake: %v", err)
		}
		if err := doPage(panel, chromedp.Click(chromedp.CSS("#settings summary"))); err != nil {
			t.Error(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(problems.String()[before:]), "\n") {
			if line != "" && !strings.Contains(line, "has been blocked by CORS policy") {
				t.Errorf("the panel reported: %s", line)
			}
		}
	}()

	point(t, noCORS.URL+"/v1")
	if _, err := pollPage[bool](panel, `!document.getElementById("allow-host").hidden`); err != nil {
		now, _ := evalPage[[]string](panel, `[document.getElementById("status").textContent, document.getElementById("doctor-fix").textContent]`)
		t.Fatalf("no button asking for access: %v; the panel shows %q", err, now)
	}
	shown, err := evalPage[[]string](panel, `["status", "doctor-fix", "allow-host"].map((id) => document.getElementById(id).textContent)`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "does not let this page (" + origin + ") read its answers (CORS)"; !strings.Contains(shown[0], want) {
		t.Errorf("status line %q lacks %q", shown[0], want)
	}
	if !strings.Contains(shown[1], "OLLAMA_ORIGINS="+origin) {
		t.Errorf("the fix %q does not say how to let %s in", shown[1], origin)
	}
	if want := "Allow the extension to reach " + noCORS.URL; shown[2] != want {
		t.Errorf("the button says %q, want %q", shown[2], want)
	}

	t.Run("servers", func(t *testing.T) {
		ollama := strings.TrimSuffix(peertest.Ollama(t), "/")
		if err := doPage(panel, chromedp.Click(chromedp.ID("connection-again"))); err != nil {
			t.Fatal(err)
		}
		row, err := pollPage[string](panel, fmt.Sprintf(`[...document.querySelectorAll("#found-servers li")].find((li) =>
			li.querySelector("code").textContent === %q)?.textContent`, ollama))
		if err != nil {
			t.Fatalf("no row for ollama at %s: %v", ollama, err)
		}
		if !strings.Contains(row, "OLLAMA_ORIGINS="+origin) || strings.Contains(row, "Use") {
			t.Errorf("ollama's row %q: want the fix with OLLAMA_ORIGINS=%s and no Use button", row, origin)
		}
	})

	panelAxeLightDark(t, panel, "panel-doctor")
}
