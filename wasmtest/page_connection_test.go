//go:build !js

package wasmtest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/edgen-browser/edgen/client/edgentest"
	"github.com/edgen-browser/edgen/internal/devserver"
	"github.com/edgen-browser/edgen/internal/peertest"
)

// foundRow is one server of Settings' Connection section, as shown.
type foundRow struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	About   string `json:"about"`
	Action  string `json:"action"` // "Use", "In use" or ""
}

// foundRowsJS reads the rows of the servers found.
const foundRowsJS = `[...document.querySelectorAll("#found-servers li")].map((li) => ({
	name: li.querySelector("strong").textContent, address: li.querySelector("code").textContent,
	about: li.querySelector("p").textContent, action: li.querySelector("button, .in-use")?.textContent ?? "",
}))`

// TestPageConnection: the page looks for servers on this computer at the
// ports serve.go lists in /serve-info (here real ollama and Prism at their
// own ports, the fake Edgen at the port given as Edgen's, nothing at vLLM's,
// and the page's own server at llama.cpp's, which it recognises as itself),
// says what answers at each (when its section opens: at once while not connected), and
// switches to one in one click; pointed at nothing, the status line says
// why and leads to the fix. axe-core checks
// the new section, light and dark, at 1280 and 360 px.
func TestPageConnection(t *testing.T) {
	ollama, prism := peertest.Ollama(t), peertest.Prism(t)
	built := mustDir(t, "the build's outputs for web/ (edgen.wasm, ui/lib/markdown.js)", builtDir)
	mux := http.NewServeMux()
	mux.Handle("/v1/", http.StripPrefix("/v1", edgentest.New(edgentest.Config{})))
	edgen := httptest.NewServer(mux)
	defer edgen.Close()
	self, vllm := closedPort(t), closedPort(t)
	port := func(u string) int {
		p, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(p.Port())
		return n
	}
	servers := []devserver.LocalServer{
		{Name: "Edgen", Port: port(edgen.URL)},
		{Name: "ollama", Port: port(ollama), OwnedBy: "library"},
		{Name: "LM Studio", Port: port(prism), OwnedBy: "organization_owner"},
		{Name: "llama.cpp", Port: self, OwnedBy: "llamacpp"},
		{Name: "vLLM", Port: vllm, OwnedBy: "vllm"},
	}
	s := &pageSession{fake: edgentest.New(edgentest.Config{}), faults: &chatFaults{}, shots: screenshotDir(t)}
	s.url = serveDemo(t, devserver.Options{
		Addr: "127.0.0.1:" + strconv.Itoa(self), WebDir: filepath.Join(mustRoot(t), "web"), BuildDir: built,
		EdgenURL: "http://127.0.0.1:33322/v1", ForceFake: true, Fake: s.faults.wrap(s.fake), LocalServers: servers,
	})
	s.ctx = newBrowser(t, pageLimit).ctx
	s.watch()
	s.do(t, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(s.url))
	s.waitReady(t)
	axe := axeSource(t)
	// check runs axe-core with the Connection section's end, then its start
	// in view (axe-core judges the contrast of what is in view only), and
	// leaves its start in view.
	check := func(t *testing.T, what string) {
		t.Helper()
		for _, block := range []string{"end", "start"} {
			s.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("connection").scrollIntoView({block: "`+block+`"})`))
			for _, dark := range []bool{false, true} {
				s.do(t, colorScheme(dark))
				if v := s.axeViolations(t, axe); len(v) > 0 {
					t.Errorf("%s (%s in view, dark %v): axe-core finds:\n%s", what, block, dark, strings.Join(v, "\n"))
				}
			}
		}
		s.do(t, colorScheme(false))
	}
	openSettings := func(t *testing.T, button string) {
		t.Helper()
		s.do(t, chromedp.Click(chromedp.ID(button)))
		s.waitFor(t, "the servers found", `document.getElementById("settings").open &&
			document.querySelectorAll("#found-servers li").length > 0 && !document.getElementById("found-servers").hasAttribute("aria-busy")`)
	}
	closeSettings := func(t *testing.T) {
		t.Helper()
		s.do(t, chromedp.Click(chromedp.CSS(`#settings-form button[value=cancel]`)))
		s.waitFor(t, "the dialog to close", `!document.getElementById("settings").open`)
	}
	own := strings.TrimSuffix(s.url, "/") + "/v1"
	at := func(p int) string { return "http://127.0.0.1:" + strconv.Itoa(p) + "/v1" }

	t.Run("FoundOnThisComputer", func(t *testing.T) {
		s.do(t, chromedp.Click(chromedp.ID("open-settings")))
		s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
		if n := eval[int](t, s, `document.querySelectorAll("#found-servers li").length`); n != 0 || eval[bool](t, s, `document.getElementById("connection").open`) {
			t.Errorf("connected, the page looked for servers before it was asked (%d shown)", n)
		}
		s.do(t, chromedp.Click(chromedp.CSS("#connection summary")))
		s.waitFor(t, "the servers found", `document.querySelectorAll("#found-servers li").length > 0 && !document.getElementById("found-servers").hasAttribute("aria-busy")`)
		rows := eval[[]foundRow](t, s, foundRowsJS)
		want := []struct{ name, address, about, action string }{
			{"This page's server", own, "^The built-in fake Edgen", "In use"},
			{"Edgen", at(port(edgen.URL)), `^\d+ models?: `, "Use"},
			{"ollama", at(port(ollama)), `^2 models: (default|tiny):latest, (default|tiny):latest\.$`, "Use"},
			{"A server on LM Studio's port", at(port(prism)), `^1 model: string\.$`, "Use"},
		}
		if len(rows) != len(want) {
			t.Fatalf("servers found %+v, want %d (not the page itself at llama.cpp's port, nothing at vLLM's)", rows, len(want))
		}
		for i, w := range want {
			r := rows[i]
			if r.Name != w.name || r.Address != w.address || !regexp.MustCompile(w.about).MatchString(r.About) || r.Action != w.action {
				t.Errorf("row %d: %+v, want %s %s %q %s", i, r, w.name, w.address, w.about, w.action)
			}
		}
		if v := eval[string](t, s, `document.getElementById("connection-verdict").textContent`); v != "Connected to "+own+"." {
			t.Errorf("verdict %q", v)
		}
		check(t, "the servers found")
		s.shot(t, "30-connection-1280")
		s.do(t, chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
		check(t, "the servers found at 360 px")
		if s.pageScrolls(t) {
			t.Error("at 360 px the page scrolls sideways with the settings open")
		}
		s.shot(t, "31-connection-360")
		s.do(t, colorScheme(true))
		s.shot(t, "32-connection-360-dark")
		s.do(t, colorScheme(false), chromedp.EmulateViewport(1280, 800))
	})

	t.Run("UseInOneClick", func(t *testing.T) {
		s.do(t, chromedp.Click(chromedp.CSS(`#found-servers li:nth-child(3) button`))) // ollama
		s.waitFor(t, "ollama in use", `[...document.querySelectorAll("#found-servers li")].some((li) =>
			li.querySelector("code").textContent === "`+at(port(ollama))+`" && li.querySelector(".in-use"))`)
		if got := eval[string](t, s, `document.getElementById("set-base-url").value`); got != at(port(ollama)) {
			t.Errorf("the Server URL field shows %q", got)
		}
		closeSettings(t)
		s.waitFor(t, "the status of ollama", `document.getElementById("server-status").dataset.state === "compatible"`)
		if got := eval[string](t, s, `JSON.parse(localStorage.getItem("edgen-chat.settings.v1")).baseURL`); got != at(port(ollama)) {
			t.Errorf("saved server URL %q", got)
		}
	})

	t.Run("NotConnectedLeadsToTheFix", func(t *testing.T) {
		s.do(t, chromedp.Click(chromedp.ID("open-settings")))
		s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
		s.do(t, fill("set-base-url", at(vllm)), chromedp.Click(chromedp.ID("settings-save")))
		s.waitFor(t, "the dialog to close", `!document.getElementById("settings").open`)
		s.waitFor(t, "the status line", `document.getElementById("server-status").dataset.state === "down" && !document.getElementById("status-fix").hidden`)
		text := eval[string](t, s, `document.getElementById("status-text").textContent`)
		if want := "Not connected: nothing answers at " + at(vllm) + "/."; text != want {
			t.Errorf("status %q, want %q", text, want)
		}
		s.shot(t, "33-not-connected-1280")
		openSettings(t, "status-fix")
		got := eval[[]string](t, s, `[document.getElementById("connection-verdict").textContent, document.getElementById("connection-fix").textContent,
			String(document.getElementById("connection-fix").hidden), document.activeElement.id]`)
		if got[0] != "Nothing answers at "+at(vllm)+"/." || !strings.HasPrefix(got[1], "Start the server, and check the address (host, port "+strconv.Itoa(vllm)) || got[2] != "false" || got[3] != "set-base-url" {
			t.Errorf("verdict, fix, fix hidden, focus: %q", got)
		}
		check(t, "the doctor's verdict")
		s.shot(t, "34-fix-1280")
		s.do(t, chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
		check(t, "the doctor's verdict at 360 px")
		s.shot(t, "35-fix-360")
		s.do(t, colorScheme(true))
		s.shot(t, "36-fix-360-dark")
		s.do(t, colorScheme(false), chromedp.EmulateViewport(1280, 800))
		closeSettings(t)
	})
	if p := s.problems.String(); p != "" {
		t.Errorf("the page reported problems:\n%s", p)
	}
}
