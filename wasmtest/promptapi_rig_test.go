//go:build !js

package wasmtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// promptSite is a web site that uses the Prompt API: its pages (/, /other)
// note what LanguageModel was before any of their own script ran
// (seenAtStart), capture console.log and console.error (logs), and load the
// explainer's examples (testdata/promptapi/examples.js).
type promptSite struct {
	*httptest.Server
	origin string
}

// newPromptSite starts a site on a loopback port of its own: an origin of its own.
func newPromptSite(t *testing.T) *promptSite {
	t.Helper()
	examples, err := os.ReadFile(filepath.Join("testdata", "promptapi", "examples.js"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/other":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, promptSitePage)
		case "/examples.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(examples)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return &promptSite{Server: srv, origin: srv.URL}
}

// promptSitePage is the site's page. Its first script runs before any other
// of the page's: what it sees of LanguageModel is what a site sees at once.
const promptSitePage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>A site that asks a language model</title>
<script>
globalThis.seenAtStart = typeof LanguageModel;
globalThis.logs = [];
for (const level of ["log", "error"]) {
  const original = console[level];
  console[level] = (...args) => { logs.push((level === "error" ? "error: " : "") + args.map(String).join(" ")); original(...args); };
}
</script>
<script src="/examples.js"></script>
</head>
<body>
<h1>A site that asks a language model</h1>
<button id="stopButton" type="button">Stop</button>
</body>
</html>`

// lendBrowser starts headless Chromium with the extension at dir (and the
// extensions of more, by their folders) loaded, the browser's own
// LanguageModel turned off unless native, and Chrome's permission prompts
// answered "allow" at once (the flag Chromium's own tests use for
// extension prompts), since headless Chromium shows none to click.
func lendBrowser(t *testing.T, dir string, native bool, more ...string) *browser {
	t.Helper()
	all := strings.Join(append([]string{dir}, more...), ",")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Flag("headless", "new"),
		chromedp.Flag("load-extension", all),
		chromedp.Flag("disable-extensions-except", all),
		chromedp.Flag("enable-unsafe-extension-debugging", true),
		chromedp.Flag("apps-gallery-install-auto-confirm-for-tests", "accept"),
	}
	if !native {
		opts = append(opts, chromedp.Flag("disable-blink-features", "AIPromptAPI"))
	}
	return newBrowser(t, 6*time.Minute, opts...)
}

// runExample calls examples[name]() in the page and returns what it printed.
func runExample(t *testing.T, page *browser, name string) []string {
	t.Helper()
	logs, err := evalPage[[]string](page, fmt.Sprintf(`(async () => {
		logs.length = 0;
		try { await examples[%q](); } catch (e) { logs.push("threw " + e.name + ": " + e.message); }
		return logs.slice();
	})()`, name))
	if err != nil {
		t.Fatalf("example %s: %v", name, err)
	}
	return logs
}

// lendPanelClick clicks the panel's element of id with a real click (a
// gesture, which Chrome's permission request needs).
func lendPanelClick(t *testing.T, panel *browser, id string) {
	t.Helper()
	if err := doPage(panel, chromedp.Click(chromedp.CSS("#"+id))); err != nil {
		t.Fatalf("clicking #%s in the panel: %v", id, err)
	}
}

// switchLending turns lending on in the panel's settings.
func switchLending(t *testing.T, panel *browser) {
	t.Helper()
	open, err := evalPage[bool](panel, `document.getElementById("settings").open`)
	if err != nil {
		t.Fatal(err)
	}
	if !open {
		lendPanelClick(t, panel, "settings summary")
	}
	lendPanelClick(t, panel, "lend-on")
	if _, err := pollPage[bool](panel, `chrome.storage.local.get("lendOn").then((s) => s.lendOn === true)`); err != nil {
		t.Fatalf("lending did not switch on: %v", err)
	}
}

// offerText waits until the panel offers (or shows) want for the active tab.
func waitOffer(t *testing.T, panel *browser, want string) {
	t.Helper()
	expr := fmt.Sprintf(`!document.getElementById("lend-offer").hidden && document.getElementById("lend-offer-text").textContent === %q`, want)
	if _, err := pollPage[bool](panel, expr); err != nil {
		got, _ := evalPage[string](panel, `document.getElementById("lend-offer").hidden + " " + document.getElementById("lend-offer-text").textContent`)
		t.Fatalf("the panel does not show %q: it shows %q (%v)", want, got, err)
	}
}

// waitLanguageModel waits until the page has LanguageModel (want) or not.
func waitLanguageModel(t *testing.T, page *browser, want bool) {
	t.Helper()
	expr := `typeof LanguageModel === "undefined"`
	if want {
		expr = `typeof LanguageModel === "function"`
	}
	if _, err := pollPage[bool](page, expr); err != nil {
		t.Fatalf("the page's LanguageModel: want defined %v: %v", want, err)
	}
}

// chatRequests returns the chat requests of scenario that reached the fake.
func chatRequests(fake *extensionFake, scenario string) int {
	n := 0
	for _, r := range fake.fake.Requests(scenario) {
		if r.Method == http.MethodPost && r.Path == "/chat/completions" {
			n++
		}
	}
	return n
}

// tabOf returns the tab target showing url.
func tabOf(t *testing.T, b *browser, url string) *target.Info {
	t.Helper()
	tabs, err := chromedp.Targets(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(tabs, func(tg *target.Info) bool { return tg.Type == "page" && tg.URL == url })
	if i < 0 {
		t.Fatalf("no tab shows %s", url)
	}
	return tabs[i]
}
