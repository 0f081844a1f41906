//go:build !js

package wasmtest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/edgen-browser/edgen/client/edgentest"
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
// ?capture: the page keeps the ports of the channels made after it, as a
// page that means harm can, to send the relay messages of its own.
if (location.search === "?capture") {
  globalThis.captured = [];
  const Original = MessageChannel;
  globalThis.MessageChannel = class extends Original { constructor() { super(); captured.push(this.port1); } };
}
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
// extensions of more, by their folders) loaded, and the browser's own
// LanguageModel turned off unless native.
func lendBrowser(t *testing.T, dir string, native bool, more ...string) *browser {
	t.Helper()
	all := strings.Join(append([]string{dir}, more...), ",")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Flag("headless", "new"),
		chromedp.Flag("load-extension", all),
		chromedp.Flag("disable-extensions-except", all),
		chromedp.Flag("enable-unsafe-extension-debugging", true),
	}
	if !native {
		opts = append(opts, chromedp.Flag("disable-blink-features", "AIPromptAPI"))
	}
	return newBrowser(t, 6*time.Minute, opts...)
}

// lendRig is the extension loaded in Chromium, pointed at the fake
// (speaking ollama's dialect), with its side panel open on a site's tab
// (the browser's first tab, page).
type lendRig struct {
	page, panel *browser
	id          string
	fake        *extensionFake
	problems    *syncBuffer // what the panel reports as going wrong
}

// startLendRig builds the extension, starts the fake and the browser (the
// extensions of more loaded too), opens site in the first tab and the side
// panel there with a click on the toolbar button.
func startLendRig(t *testing.T, site *promptSite, native bool, more ...string) *lendRig {
	t.Helper()
	dir := makeExtension(t)
	manifest := readManifest(t, dir)
	fake := newExtensionFake(t, edgentest.Config{Gap: 5 * time.Millisecond, DownloadTime: 4 * time.Second, ProgressInterval: 100 * time.Millisecond})
	b := lendBrowser(t, dir, native, more...)
	id := waitExtension(t, b, manifest.id)
	if _, err := evalWorker[any](b, id, fmt.Sprintf(`chrome.storage.local.set({baseURL: %q, model: "fake:ollama"})`, fake.baseURL)); err != nil {
		t.Fatalf("pointing the extension at the fake: %v", err)
	}
	if err := doPage(b, chromedp.Navigate(site.URL+"/")); err != nil {
		t.Fatal(err)
	}
	panel := openSidePanel(t, b, id, site.URL+"/")
	rig := &lendRig{page: b, panel: panel, id: id, fake: fake, problems: watchProblems(panel.ctx)}
	t.Cleanup(func() {
		if p := rig.problems.String(); p != "" {
			t.Errorf("the panel reported problems:\n%s", p)
		}
	})
	return rig
}

// allowVisit switches lending on in the panel and lets site use the model
// for this visit, and waits until the site's page has LanguageModel.
func (r *lendRig) allowVisit(t *testing.T, site *promptSite) {
	t.Helper()
	switchLending(t, r.panel)
	waitOffer(t, r.panel, fmt.Sprintf("Let %s use my local model?", site.origin))
	lendPanelClick(t, r.panel, "lend-visit")
	waitLanguageModel(t, r.page, true)
}

// runExample calls examples[name]() in the page and returns what it printed.
func runExample(t *testing.T, page *browser, name string) []string {
	t.Helper()
	return runExampleWithin(t, page, name, embedWait)
}

// runExampleWithin is runExample for an example that may take up to timeout.
func runExampleWithin(t *testing.T, page *browser, name string, timeout time.Duration) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(page.ctx, timeout)
	defer cancel()
	logs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`(async () => {
		logs.length = 0;
		try { await examples[%q](); } catch (e) { logs.push("threw " + e.name + ": " + e.message); }
		return logs.slice();
	})()`, name), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("example %s: %v", name, err)
	}
	return logs
}

// startExample starts examples[name]() in the page without waiting for it;
// finishExample waits for it and returns what it printed.
func startExample(t *testing.T, page *browser, name string) {
	t.Helper()
	_, err := evalPage[any](page, fmt.Sprintf(`logs.length = 0; globalThis.running = examples[%q]().catch((e) => logs.push("threw " + e.name + ": " + e.message)); 1`, name))
	if err != nil {
		t.Fatalf("starting example %s: %v", name, err)
	}
}

// finishExample waits for the example startExample started and returns what it printed.
func finishExample(t *testing.T, page *browser) []string {
	t.Helper()
	logs, err := evalPage[[]string](page, `running.then(() => logs.slice())`)
	if err != nil {
		t.Fatalf("the example did not finish: %v", err)
	}
	return logs
}

// waitChatRequests waits until n chat requests of scenario reached the fake.
func waitChatRequests(t *testing.T, fake *extensionFake, scenario string, n int) {
	t.Helper()
	for deadline := time.Now().Add(embedWait); chatRequests(fake, scenario) < n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d chat requests reached the fake, want %d", chatRequests(fake, scenario), n)
		}
	}
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
	if on, err := evalPage[bool](panel, `document.getElementById("lend-on").checked`); err != nil || on {
		return
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
	if err := pollMain(page, expr); err != nil {
		t.Fatalf("the page's LanguageModel: want defined %v: %v", want, err)
	}
}

// pollMain waits, at most embedWait, until expr is true in the page's own
// (main) world. chromedp's PollFunction is not used on the sites' pages: it
// runs in the frame's latest execution context, which may be the
// extension's isolated world.
func pollMain(page *browser, expr string) error {
	var err error
	for deadline := time.Now().Add(embedWait); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var ok bool
		if ok, err = evalPage[bool](page, expr); ok && err == nil {
			return nil
		}
	}
	return fmt.Errorf("%s is not true after %v (%v)", expr, embedWait, err)
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

// grantHost gives the extension access to origin as a person does in
// Chrome's own settings of the extension (chrome://extensions, "Site
// access": add a site), which headless Chromium can run where it cannot
// show the prompt that chrome.permissions.request opens (a side panel's
// request stays pending). The panel's own request for that origin then
// finds the access given and resolves at once, without a prompt. It leaves
// the browser's first tab on chrome://extensions.
func grantHost(t *testing.T, b *browser, id, origin string) {
	t.Helper()
	if err := doPage(b, chromedp.Navigate("chrome://extensions")); err != nil {
		t.Fatal(err)
	}
	got, err := evalPage[string](b, fmt.Sprintf(`new Promise((resolve) => chrome.developerPrivate.addHostPermission(%q, %q,
		() => resolve(chrome.runtime.lastError?.message ?? "added")))`, id, origin+"/*"))
	if err != nil || got != "added" {
		t.Fatalf("giving the extension access to %s: %q (%v)", origin, got, err)
	}
}

// lendLimit reads the number export const name = N of web/extension/lend/limits.js.
func lendLimit(t *testing.T, name string) int {
	t.Helper()
	return jsConst(t, filepath.Join("web", "extension", "lend", "limits.js"), name)
}
